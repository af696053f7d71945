"""Draw the example catalogue's pictures: flat illustrations, clearly not photos.

The example products need pictures to show the image pipeline at work, and
the only pictures that are honestly ours are ones we draw. Each is a simple
flat drawing (a honey jar, a rice bowl, dried fish, brocade…) without any
lettering, 1200×900, saved small (JPEG quality 80; flat patterns as PNG):
words baked into a picture cannot be translated, get cut off in thumbnails
and cannot be read by everyone. That they are drawings is said in the page
instead: each is listed with ``illustration: true``, which the theme shows as
a "Hình minh hoạ" / "Illustration" caption. Drawing is deterministic: the
same script gives the same files.

    python tools/make_example_images.py            # draw the pictures
    python tools/make_example_images.py --front-matter   # and list them in index.md / index.en.md

``--front-matter`` inserts an ``images:`` block (with Vietnamese and English
alt texts, and ``illustration: true`` in the Vietnamese file) just before the closing ``---`` of a product's front matter, and
only where there is none yet; nothing else in the files changes.
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Callable

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
PRODUCTS = ROOT / "content" / "products"
ASSETS = ROOT / "assets"
W, H = 1200, 900
S = 2  # drawn at twice the size, then reduced: smooth edges without antialiasing support

Draw = ImageDraw.ImageDraw
Box = tuple[float, float, float, float]


def b(*xy: float) -> list[float]:
    """Coordinates of the 1200×900 picture, scaled to the drawing canvas."""
    return [v * S for v in xy]


# --- motifs ----------------------------------------------------------------------------------------

AMBER, HONEY, CREAM, BROWN, DARK = "#d98e04", "#f2b441", "#fbf1d6", "#7a4a1c", "#3b2a1a"
GREEN, LEAF, RED, INDIGO, GOLD = "#4f8a3c", "#6fa84f", "#b3261e", "#27336b", "#e7b416"


def table(d: Draw, color: str = "#c99a6b") -> None:
    d.rectangle(b(0, 600, W, H), fill=color)


def honeycomb_wall(d: Draw, color: str = "#f5d27a") -> None:
    r = 46
    for row in range(9):
        for col in range(16):
            cx = col * r * 1.75 + (row % 2) * r * 0.875
            cy = row * r * 1.5
            d.regular_polygon((cx * S, cy * S, r * 0.92 * S), 6, fill=color, outline=None)


def jar(d: Draw, x: float, y: float, w: float, h: float, fill: str = AMBER, lid: str = RED) -> None:
    d.rounded_rectangle(b(x, y, x + w, y + h), radius=40 * S, fill=fill)
    d.rectangle(b(x + 25, y - 55, x + w - 25, y + 10), fill=lid)
    for i in range(6):  # a checked cloth over the lid
        d.rectangle(b(x + 25 + i * (w - 50) / 6, y - 55, x + 25 + (i + 0.5) * (w - 50) / 6, y - 25), fill="#f4e9dc")
    d.ellipse(b(x + 40, y + h * 0.35, x + w - 40, y + h * 0.75), fill=CREAM)
    d.rounded_rectangle(b(x + 22, y + 20, x + 48, y + h - 30), radius=12 * S, fill="#f7c65a")  # shine


def honey_jar(d: Draw) -> None:
    honeycomb_wall(d)
    table(d)
    jar(d, 440, 300, 320, 380)
    d.ellipse(b(760, 600, 960, 650), fill="#e9a21a")  # a spill of honey
    d.polygon(b(790, 480, 815, 600, 765, 600), fill=HONEY)


def honeycomb(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#6b4a1f")
    r = 70
    for row in range(8):
        for col in range(11):
            cx, cy = 60 + col * r * 1.75 + (row % 2) * r * 0.875, 40 + row * r * 1.5
            shade = HONEY if (row * 7 + col * 3) % 5 else "#c9780a"
            d.regular_polygon((cx * S, cy * S, r * 0.9 * S), 6, fill=shade)
    bee(d, 820, 300)


def bee(d: Draw, x: float, y: float) -> None:
    d.ellipse(b(x - 30, y - 70, x + 40, y - 10), fill="#eaf4fb")  # wings
    d.ellipse(b(x + 10, y - 80, x + 80, y - 20), fill="#d9ecf7")
    d.ellipse(b(x - 60, y - 30, x + 80, y + 40), fill=GOLD)
    for dx in (-20, 15, 50):
        d.rectangle(b(x + dx, y - 28, x + dx + 16, y + 38), fill=DARK)
    d.ellipse(b(x + 65, y - 15, x + 110, y + 25), fill=DARK)


def honey_spoon(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#fdf3dc")
    table(d, "#b9875a")
    d.rounded_rectangle(b(150, 240, 700, 290), radius=25 * S, fill="#9c6b3c")  # wooden spoon
    d.ellipse(b(650, 200, 850, 330), fill="#9c6b3c")
    d.ellipse(b(675, 220, 825, 310), fill=AMBER)
    d.rounded_rectangle(b(735, 300, 765, 560), radius=15 * S, fill=HONEY)  # the stream
    d.ellipse(b(600, 540, 900, 640), fill=AMBER)


def mint_flowers(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#dfe9f2")
    for x0, peak, color in ((-100, 180, "#8a949c"), (350, 120, "#737f88"), (800, 200, "#8a949c")):
        d.polygon(b(x0, 700, x0 + 300, peak, x0 + 650, 700), fill=color)  # karst peaks
    d.rectangle(b(0, 640, W, H), fill="#6e9a4e")
    for i in range(9):
        x = 120 + i * 120
        d.line(b(x, 880, x + 10, 470 + (i % 3) * 40), fill=GREEN, width=8 * S)
        for j in range(7):
            cy = 480 + (i % 3) * 40 + j * 28
            d.ellipse(b(x - 22 + j % 2 * 6, cy, x + 32 - j % 2 * 6, cy + 30), fill="#9b6fc1" if j % 2 else "#b592d6")
    bee(d, 950, 360)


def rice_bowl(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#f3efe6")
    table(d, "#a8794f")
    d.ellipse(b(330, 250, 870, 470), fill="#fbfbf8")  # the heap of rice
    for i in range(60):
        x, y = 360 + (i * 97) % 480, 280 + (i * 53) % 150
        d.ellipse(b(x, y, x + 26, y + 12), fill="#e8e3d3")
    d.chord(b(300, 150, 900, 700), 0, 180, fill="#2f5d8a")  # the bowl
    for i in range(5):
        d.arc(b(340 + i * 20, 200 + i * 20, 860 - i * 20, 660 - i * 20), 20, 160, fill="#f3efe6", width=4 * S)
    d.line(b(700, 120, 1050, 560), fill="#5b3a1e", width=14 * S)  # chopsticks
    d.line(b(760, 110, 1090, 540), fill="#5b3a1e", width=14 * S)


def rice_field(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#cfe8f5")
    d.ellipse(b(920, 70, 1060, 210), fill="#f6c445")
    greens = ("#8cbf4a", "#7aad3f", "#a6cf5c", "#6d9e36", "#94c452", "#5f8f2f")
    for i, color in enumerate(greens):
        top = 330 + i * 95
        d.polygon(b(0, top + 40, 300, top, 700, top + 30, W, top - 10, W, H, 0, H), fill=color)
    for i in range(14):  # rows of rice plants
        for j in range(4):
            x, y = 60 + i * 82, 560 + j * 85
            d.line(b(x, y, x - 12, y - 40), fill="#3f6d22", width=4 * S)
            d.line(b(x, y, x + 12, y - 40), fill="#3f6d22", width=4 * S)


def clay_pot(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#f4e7d3")
    table(d, "#8c5a33")
    d.ellipse(b(330, 330, 870, 760), fill="#8d4b25")  # the pot
    d.ellipse(b(360, 300, 840, 420), fill="#6b3519")
    d.ellipse(b(390, 315, 810, 400), fill="#4a2210")  # braised fish in caramel sauce
    d.polygon(b(700, 350, 820, 250, 840, 370), fill="#b7742f")  # a fish tail
    for x in (480, 600, 720):  # steam
        for k in range(3):
            d.arc(b(x - 30, 120 + k * 50, x + 30, 180 + k * 50), 90 if k % 2 else 270, 270 if k % 2 else 90,
                  fill="#c9b8a5", width=6 * S)


def fish(d: Draw, x: float, y: float, length: float, body: str, fin: str) -> None:
    h = length * 0.38
    d.ellipse(b(x, y - h / 2, x + length, y + h / 2), fill=body)
    d.polygon(b(x + length - 10, y, x + length + length * 0.3, y - h * 0.6, x + length + length * 0.3, y + h * 0.6),
              fill=fin)
    d.ellipse(b(x + length * 0.12, y - h * 0.15, x + length * 0.12 + 18, y - h * 0.15 + 18), fill=DARK)
    for k in range(3):
        d.arc(b(x + length * (0.3 + k * 0.15), y - h / 2, x + length * (0.6 + k * 0.15), y + h / 2), 300, 60,
              fill=fin, width=4 * S)


def drying_rack(d: Draw, length: float, body: str, fin: str, count: int) -> None:
    d.rectangle(b(0, 0, W, H), fill="#bfe0ef")
    d.rectangle(b(0, 700, W, H), fill="#7fb05a")
    d.rectangle(b(80, 220, 1120, 700), fill="#d8b779")  # bamboo mat
    for i in range(27):
        d.line(b(80, 230 + i * 18, 1120, 230 + i * 18), fill="#c3a063", width=3 * S)
    per_row = max(1, count // 2)
    for i in range(count):
        row, col = divmod(i, per_row)
        x = 120 + col * (1000 / per_row)
        fish(d, x, 340 + row * 220, length, body, fin)


def dried_catfish(d: Draw) -> None:
    drying_rack(d, 200, "#c98b45", "#a86a2c", 8)


def dried_snakehead(d: Draw) -> None:
    drying_rack(d, 300, "#b9773b", "#8f5424", 6)


def dried_gourami(d: Draw) -> None:
    drying_rack(d, 150, "#d6a05a", "#b07a36", 10)


def che_lam(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#f6ecd9")
    table(d, "#a26d43")
    d.ellipse(b(120, 380, 1080, 820), fill="#3f7d34")  # banana leaf
    d.line(b(160, 600, 1040, 600), fill="#74b05f", width=6 * S)
    for i in range(4):
        x = 230 + i * 190
        d.rounded_rectangle(b(x, 430, x + 160, 660), radius=12 * S, fill="#e6c28e")
        for k in range(9):  # peanuts and sesame
            px, py = x + 20 + (k * 37) % 120, 450 + (k * 61) % 190
            d.ellipse(b(px, py, px + 16, py + 10), fill="#9a6a36")


def banh_mat(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#fbf2e2")
    table(d, "#94623c")
    for i, x in enumerate((220, 520, 820)):
        d.polygon(b(x, 680, x + 160, 360 - i % 2 * 30, x + 320, 680), fill="#4b8a3a")  # leaf wrapping
        d.polygon(b(x + 40, 680, x + 160, 420 - i % 2 * 30, x + 280, 680), fill="#3a2418")  # the brown cake
        for k in range(3):
            y = 470 + k * 70
            d.line(b(x + 60 + k * 15, y, x + 260 - k * 15, y), fill="#d7c089", width=5 * S)


def nem_chua(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#f4f1e8")
    table(d, "#b07c52")
    for i in range(6):
        row, col = divmod(i, 3)
        x, y = 210 + col * 280, 300 + row * 220
        d.rounded_rectangle(b(x, y, x + 200, y + 170), radius=16 * S, fill="#5e9a43")
        d.line(b(x + 100, y, x + 100, y + 170), fill=RED, width=6 * S)
        d.line(b(x, y + 85, x + 200, y + 85), fill=RED, width=6 * S)
    d.rounded_rectangle(b(870, 560, 1090, 720), radius=16 * S, fill="#e58a8a")  # an opened one
    for k in range(6):
        d.ellipse(b(900 + k * 30, 600 + (k % 2) * 50, 916 + k * 30, 612 + (k % 2) * 50), fill="#f6d7c8")


def cordyceps_sticks(d: Draw, box: Box, count: int) -> None:
    x0, y0, x1, y1 = box
    for i in range(count):
        x = x0 + (x1 - x0) * (i + 0.5) / count
        lean = ((i * 37) % 11 - 5) * 4
        d.line(b(x, y1, x + lean, y0 + (i * 53) % 60), fill="#f07f1c", width=12 * S)
        d.ellipse(b(x + lean - 9, y0 + (i * 53) % 60 - 12, x + lean + 9, y0 + (i * 53) % 60 + 12), fill="#e0670e")


def cordyceps_jar(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#eef3f1")
    table(d, "#c7b49a")
    d.rounded_rectangle(b(400, 230, 800, 720), radius=40 * S, fill="#d6ecef", outline="#9fc3c8", width=6 * S)
    d.rectangle(b(430, 170, 770, 240), fill="#c9a227")
    cordyceps_sticks(d, (440, 330, 760, 700), 14)


def cordyceps_trays(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#e3ecf4")
    for row in range(2):
        y = 200 + row * 330
        d.rectangle(b(80, y + 230, 1120, y + 250), fill="#9aa7b3")  # shelf
        for col in range(4):
            x = 110 + col * 255
            d.rounded_rectangle(b(x, y + 150, x + 220, y + 230), radius=10 * S, fill="#f2e8cf")  # tray of substrate
            cordyceps_sticks(d, (x + 15, y + 30, x + 205, y + 170), 9)


def camellia(d: Draw, x: float, y: float, r: float) -> None:
    for k in range(6):
        a = k * math.pi / 3
        d.ellipse(b(x + math.cos(a) * r * 0.6 - r * 0.55, y + math.sin(a) * r * 0.6 - r * 0.55,
                    x + math.cos(a) * r * 0.6 + r * 0.55, y + math.sin(a) * r * 0.6 + r * 0.55), fill="#f3c623")
    d.ellipse(b(x - r * 0.35, y - r * 0.35, x + r * 0.35, y + r * 0.35), fill="#e09a0b")
    for k in range(10):
        a = k * math.pi / 5
        d.ellipse(b(x + math.cos(a) * r * 0.25 - 5, y + math.sin(a) * r * 0.25 - 5,
                    x + math.cos(a) * r * 0.25 + 5, y + math.sin(a) * r * 0.25 + 5), fill="#fff3b0")


def leaf(d: Draw, x: float, y: float, length: float, up: bool) -> None:
    d.ellipse(b(x, y, x + length, y + length * 0.4), fill=GREEN if up else LEAF)
    d.line(b(x + 10, y + length * 0.2, x + length - 10, y + length * 0.2), fill="#2f5e25", width=3 * S)


def tea_flowers(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#e9f2e1")
    for i in range(8):
        leaf(d, 80 + (i * 151) % 1000, 120 + (i * 97) % 600, 220, i % 2 == 0)
    for x, y, r in ((300, 330, 120), (640, 520, 150), (930, 300, 110), (880, 700, 90)):
        camellia(d, x, y, r)


def tea_cup(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#f5efe3")
    table(d, "#9b7653")
    d.ellipse(b(300, 600, 900, 720), fill="#f9f9f6")  # saucer
    d.chord(b(380, 330, 820, 740), 0, 180, fill="#fdfdfb")  # cup
    d.ellipse(b(380, 480, 820, 580), fill="#fdfdfb")
    d.ellipse(b(400, 492, 800, 568), fill="#e2b93b")  # golden tea
    d.arc(b(780, 520, 900, 640), 270, 90, fill="#fdfdfb", width=18 * S)
    camellia(d, 200, 250, 80)
    camellia(d, 1000, 300, 70)


def bottle(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#e8e1f0")
    table(d, "#7f6a58")
    d.rounded_rectangle(b(470, 300, 730, 760), radius=50 * S, fill="#d9b36a", outline="#b08a45", width=5 * S)
    d.rectangle(b(550, 150, 650, 310), fill="#d9b36a", outline="#b08a45", width=5 * S)
    d.rectangle(b(540, 110, 660, 160), fill=RED)
    cordyceps_sticks(d, (500, 420, 700, 740), 8)
    d.rectangle(b(490, 460, 710, 580), fill=CREAM)
    d.rectangle(b(510, 480, 690, 500), fill=RED)
    d.rectangle(b(510, 520, 650, 535), fill=BROWN)


BROCADE = ("#b3261e", "#27336b", "#e7b416", "#1f6b4a", "#f1e6d2", "#8e1c4a")


def brocade_band(d: Draw, box: Box, offset: int = 0) -> None:
    x0, y0, x1, y1 = box
    stripe = 60
    for i, y in enumerate(range(int(y0), int(y1), stripe)):
        color = BROCADE[(i + offset) % len(BROCADE)]
        d.rectangle(b(x0, y, x1, min(y + stripe, y1)), fill=color)
        motif = BROCADE[(i + offset + 2) % len(BROCADE)]
        if i % 2 == 0:
            for x in range(int(x0), int(x1) - 40, 60):  # diamonds
                d.polygon(b(x + 30, y + 6, x + 54, y + 30, x + 30, min(y + 54, y1), x + 6, y + 30), fill=motif)
        else:
            for x in range(int(x0), int(x1) - 30, 30):  # zigzag
                d.line(b(x, y + 45, x + 15, y + 15, x + 30, y + 45), fill=motif, width=6 * S)


def brocade(d: Draw) -> None:
    brocade_band(d, (0, 0, W, H))


def brocade_bag(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#efe9df")
    table(d, "#a98d6e")
    d.arc(b(430, 120, 770, 480), 180, 360, fill=DARK, width=22 * S)  # handle
    d.rounded_rectangle(b(330, 290, 870, 760), radius=30 * S, fill=BROCADE[0])
    brocade_band(d, (360, 320, 840, 730), offset=1)


def village(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#cde6f5")
    d.ellipse(b(950, 80, 1080, 210), fill="#f6c445")
    d.polygon(b(0, 520, 260, 300, 520, 520), fill="#6f9a5b")  # hills
    d.polygon(b(350, 520, 700, 250, 1050, 520), fill="#5c8a4b")
    d.polygon(b(800, 520, 1050, 330, 1300, 520), fill="#7aa866")
    d.rectangle(b(0, 520, W, H), fill="#9ac46b")
    d.polygon(b(0, 760, 400, 700, 800, 740, W, 690, W, 800, 0, 840), fill="#6fb3d6")  # river
    for i, x in enumerate((140, 380, 620, 860)):
        d.rectangle(b(x, 520, x + 180, 650), fill="#f1e2c6")
        d.polygon(b(x - 25, 525, x + 90, 440 - i % 2 * 20, x + 205, 525), fill="#b5542c")  # tiled roof
        d.rectangle(b(x + 70, 580, x + 110, 650), fill="#7a4a1c")


def paper_fan(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#f3ece0")
    cx, cy, r = 600, 720, 520
    d.pieslice(b(cx - r, cy - r, cx + r, cy + r), 200, 340, fill="#f7e1a8")
    d.pieslice(b(cx - r * 0.62, cy - r * 0.62, cx + r * 0.62, cy + r * 0.62), 200, 340, fill="#f3ece0")
    for k in range(15):  # bamboo ribs
        a = math.radians(200 + k * 10)
        d.line(b(cx, cy, cx + math.cos(a) * r, cy + math.sin(a) * r), fill="#8a5a2b", width=5 * S)
    d.arc(b(cx - r * 0.85, cy - r * 0.85, cx + r * 0.85, cy + r * 0.85), 205, 335, fill=RED, width=16 * S)
    d.ellipse(b(cx - 24, cy - 24, cx + 24, cy + 24), fill=DARK)


def longan(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#f5eedf")
    table(d, "#8f6b45")
    d.line(b(600, 140, 600, 330), fill="#5b3a1e", width=8 * S)  # a sprig on top of the heap
    leaf(d, 600, 150, 200, True)
    for row in range(4):  # a heap of fruit, widest at the rim of the basket
        count = 8 - row * 2
        for col in range(count):
            x = 600 - count * 40 + col * 80 + (row % 2) * 6
            y = 500 - row * 58
            d.ellipse(b(x, y, x + 78, y + 78), fill="#b98b4e" if (row + col) % 3 else "#a37640")
            d.ellipse(b(x + 18, y + 14, x + 34, y + 28), fill="#d3ab72")  # light on the skin
    d.chord(b(230, 340, 970, 840), 0, 180, fill="#c8a267")  # basket, in front of the heap
    for i in range(9):
        d.line(b(300 + i * 75, 600, 320 + i * 70, 770), fill="#a9834a", width=5 * S)
    for i in range(5):  # dried flesh beside the basket
        x = 60 + i * 34
        d.ellipse(b(x, 740 - i % 2 * 30, x + 80, 790 - i % 2 * 30), fill="#5a3212")


def tuber(d: Draw, cx: float, cy: float, length: float, width: float, angle: float, skin: str) -> None:
    """A sweet potato: a long oval tapering to both ends, turned by ``angle`` degrees."""
    a = math.radians(angle)
    points = []
    for k in range(48):
        t = 2 * math.pi * k / 48
        x = length / 2 * math.cos(t)
        y = width / 2 * math.sin(t) * (1 - 0.35 * abs(math.cos(t)) ** 3)  # pointed ends
        points += [(cx + x * math.cos(a) - y * math.sin(a)) * S, (cy + x * math.sin(a) + y * math.cos(a)) * S]
    d.polygon(points, fill=skin)
    for k in (-0.2, 0.15):  # a few fine root lines on the skin
        x0, x1 = length * (k - 0.08), length * (k + 0.08)
        d.line([(cx + x0 * math.cos(a)) * S, (cy + x0 * math.sin(a) - width * 0.1) * S,
                (cx + x1 * math.cos(a)) * S, (cy + x1 * math.sin(a) + width * 0.1) * S], fill="#6e2338", width=3 * S)


def sweet_potatoes(d: Draw) -> None:
    d.rectangle(b(0, 0, W, H), fill="#f3ead8")
    table(d, "#9a6f45")
    d.line(b(0, 150, 400, 110, 800, 170, W, 120), fill="#3f6d22", width=6 * S)  # the vine, with heart leaves
    for i, x in enumerate((90, 330, 560, 800, 1030)):
        y, color = 150 + (i % 2) * 20, GREEN if i % 2 else LEAF
        d.ellipse(b(x - 70, y, x + 5, y + 75), fill=color)
        d.ellipse(b(x - 5, y, x + 70, y + 75), fill=color)
        d.polygon(b(x - 68, y + 50, x, y + 150, x + 68, y + 50), fill=color)
    d.ellipse(b(130, 470, 1070, 830), fill="#c8a267")  # a flat bamboo tray (nong)
    d.ellipse(b(170, 495, 1030, 805), fill="#b48d52")
    for x, y, length, width, angle in ((430, 650, 380, 150, -10), (720, 660, 350, 140, 12),
                                       (580, 570, 320, 130, 4), (340, 560, 270, 115, -22),
                                       (830, 570, 280, 115, 25)):
        tuber(d, x, y, length, width, angle, "#9c3352" if (x // 10) % 2 else "#8a2a47")
    d.ellipse(b(940, 760, 1150, 870), fill="#8a2a47")  # one cut open: golden flesh in a purple rim
    d.ellipse(b(955, 772, 1135, 858), fill="#f2b43a")
    d.ellipse(b(1000, 798, 1090, 832), fill="#f7ca63")


# --- what goes where ---------------------------------------------------------------------------------

Motif = Callable[[Draw], None]
SPEC: dict[str, list[tuple[str, Motif, str, str | None]]] = {
    # slug: (file, motif, Vietnamese alt, English alt or None when there is no English file)
    "mat-ong-dai-hop": [
        ("hu-mat-ong.jpg", honey_jar, "Hình vẽ minh hoạ một hũ mật ong trên nền tổ ong",
         "Illustration of a jar of honey against a honeycomb"),
        ("banh-to-ong.jpg", honeycomb, "Hình vẽ minh hoạ bánh tổ ong đầy mật và một chú ong",
         "Illustration of a honeycomb full of honey, with a bee"),
        ("thia-mat-ong.jpg", honey_spoon, "Hình vẽ minh hoạ mật ong chảy từ chiếc thìa gỗ",
         "Illustration of honey running from a wooden spoon"),
    ],
    "mat-ong-bac-ha-dong-van": [
        ("hoa-bac-ha.jpg", mint_flowers, "Hình vẽ minh hoạ hoa bạc hà tím dưới núi đá",
         "Illustration of purple mint flowers below limestone peaks"),
        ("hu-mat-ong.jpg", honey_jar, "Hình vẽ minh hoạ một hũ mật ong", "Illustration of a jar of honey"),
    ],
    "mat-ong-dong-trung-ha-thao": [
        ("hu-mat-ong.jpg", honey_jar, "Hình vẽ minh hoạ một hũ mật ong", "Illustration of a jar of honey"),
    ],
    "gao-ruong-ruoi": [
        ("bat-com.jpg", rice_bowl, "Hình vẽ minh hoạ bát cơm trắng và đôi đũa",
         "Illustration of a bowl of white rice with chopsticks"),
        ("canh-dong.jpg", rice_field, "Hình vẽ minh hoạ cánh đồng lúa", "Illustration of rice fields"),
    ],
    "ca-kho-lang-chai": [
        ("noi-ca-kho.jpg", clay_pot, "Hình vẽ minh hoạ nồi đất cá kho bốc khói",
         "Illustration of a steaming clay pot of braised fish"),
    ],
    "kho-ca-chot": [
        ("phoi-ca.jpg", dried_catfish, "Hình vẽ minh hoạ cá chốt phơi trên nong tre",
         "Illustration of catfish drying on a bamboo mat"),
    ],
    "kho-ca-loc-tan-hung": [
        ("phoi-ca.jpg", dried_snakehead, "Hình vẽ minh hoạ cá lóc phơi khô trên nong tre",
         "Illustration of snakehead fish drying on a bamboo mat"),
    ],
    "kho-ca-sac-tan-hung": [
        ("phoi-ca.jpg", dried_gourami, "Hình vẽ minh hoạ cá sặc phơi khô trên nong tre", None),
    ],
    "che-lam-thach-xa": [
        ("che-lam.jpg", che_lam, "Hình vẽ minh hoạ những thanh chè lam trên lá chuối",
         "Illustration of che lam bars on a banana leaf"),
    ],
    "banh-mat-thanh-lam": [
        ("banh-mat.jpg", banh_mat, "Hình vẽ minh hoạ bánh mật gói lá", None),
    ],
    "nem-chua-tu-thuy": [
        ("nem-chua.jpg", nem_chua, "Hình vẽ minh hoạ những gói nem chua lá xanh buộc lạt đỏ",
         "Illustration of nem chua parcels wrapped in green leaves and tied with red string"),
    ],
    "dong-trung-ha-thao-kho": [
        ("lo-dong-trung.jpg", cordyceps_jar, "Hình vẽ minh hoạ lọ đông trùng hạ thảo sấy khô",
         "Illustration of a jar of dried cordyceps"),
    ],
    "nam-dong-trung-ha-thao-truong-sinh": [
        ("khay-nuoi-trong.jpg", cordyceps_trays, "Hình vẽ minh hoạ những khay nuôi trồng đông trùng hạ thảo",
         "Illustration of trays of cordyceps growing on shelves"),
        ("lo-dong-trung.jpg", cordyceps_jar, "Hình vẽ minh hoạ lọ đông trùng hạ thảo",
         "Illustration of a jar of cordyceps"),
    ],
    "tra-hoa-vang": [
        ("hoa-tra.jpg", tea_flowers, "Hình vẽ minh hoạ hoa trà vàng và lá xanh",
         "Illustration of golden camellia flowers and leaves"),
        ("chen-tra.jpg", tea_cup, "Hình vẽ minh hoạ chén trà hoa vàng", "Illustration of a cup of golden camellia tea"),
    ],
    "ruou-dong-trung-ha-thao": [
        ("chai-ruou.jpg", bottle, "Hình vẽ minh hoạ chai rượu ngâm đông trùng hạ thảo",
         "Illustration of a bottle of liquor steeped with cordyceps"),
    ],
    "tho-cam-dong-van": [
        ("hoa-van.png", brocade, "Hình vẽ minh hoạ hoa văn thổ cẩm nhiều màu",
         "Illustration of a colourful brocade pattern"),
    ],
    "tui-tho-cam-dong-van": [
        ("tui.jpg", brocade_bag, "Hình vẽ minh hoạ chiếc túi thổ cẩm", "Illustration of a brocade bag"),
        ("hoa-van.png", brocade, "Hình vẽ minh hoạ hoa văn thổ cẩm", "Illustration of a brocade pattern"),
    ],
    "du-lich-lang-nghe-thach-that": [
        ("lang-nghe.jpg", village, "Hình vẽ minh hoạ làng nghề bên sông, giữa đồi xanh",
         "Illustration of a craft village by a river among green hills"),
        ("quat-giay.jpg", paper_fan, "Hình vẽ minh hoạ chiếc quạt giấy nan tre",
         "Illustration of a bamboo-ribbed paper fan"),
    ],
    "khoai-lang-yen-son": [
        ("khoai-lang.jpg", sweet_potatoes, "Hình vẽ minh hoạ nong khoai lang vỏ tím, một củ bổ đôi ruột vàng",
         "Illustration of purple-skinned sweet potatoes on a bamboo tray, one cut open to show yellow flesh"),
    ],
    "long-nhan-luc-son": [
        ("long-nhan.jpg", longan, "Hình vẽ minh hoạ rổ nhãn và long nhãn sấy",
         "Illustration of a basket of longan and dried longan flesh"),
    ],
}
"""tra-hoa-vang-dong-trung-tui-loc stays without a picture: its group's placeholder shows."""


def logo() -> Image.Image:
    """The example site's logo (the theme's star emblem), 512 px, transparent around the disc."""
    size, scale = 512, 4
    big = Image.new("RGBA", (size * scale, size * scale), (0, 0, 0, 0))
    d = ImageDraw.Draw(big)
    c = size * scale / 2

    def disc(radius: float, fill: str) -> None:
        d.ellipse([c - radius, c - radius, c + radius, c + radius], fill=fill)

    disc(0.94 * c, "#f6c945")
    disc(0.75 * c, "#9b2915")
    outer, inner = 0.52 * c, 0.21 * c
    d.polygon([(c + (outer if k % 2 == 0 else inner) * math.cos(math.pi / 2 + k * math.pi / 5),
                c - (outer if k % 2 == 0 else inner) * math.sin(math.pi / 2 + k * math.pi / 5))
               for k in range(10)], fill="#f6c945")
    return big.resize((size, size), Image.Resampling.LANCZOS)


def draw(motif: Motif) -> Image.Image:
    canvas = Image.new("RGB", (W * S, H * S), "#ffffff")
    motif(ImageDraw.Draw(canvas))
    return canvas.resize((W, H), Image.Resampling.LANCZOS)


def save(image: Image.Image, path: Path) -> None:
    if path.suffix == ".png":
        image.quantize(64, dither=Image.Dither.NONE).save(path, optimize=True)
    else:
        image.save(path, quality=80, optimize=True, progressive=True)


def images_block(entries: list[tuple[str, str]], illustration: bool) -> str:
    lines = ["images:"]
    for src, alt in entries:
        lines += [f"  - src: {src}", f"    alt: {alt}"] + (["    illustration: true"] if illustration else [])
    return "\n".join(lines) + "\n"


def add_front_matter(path: Path, entries: list[tuple[str, str]], illustration: bool) -> bool:
    """Insert ``images:`` before the closing ``---``; False when the file already lists images."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    close = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    if any(line.startswith("images:") for line in lines[1:close]):
        return False
    path.write_text("\n".join(lines[:close]) + "\n" + images_block(entries, illustration) + "\n".join(lines[close:]),
                    encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--front-matter", action="store_true",
                        help="also list the pictures in index.md and index.en.md")
    args = parser.parse_args(argv)
    total = 0
    for slug, entries in SPEC.items():
        folder = PRODUCTS / slug
        for name, motif, _, _ in entries:
            save(draw(motif), folder / name)
            total += (folder / name).stat().st_size
        if args.front_matter:
            add_front_matter(folder / "index.md", [(n, vi) for n, _, vi, _ in entries], illustration=True)
            english = folder / "index.en.md"
            if english.is_file():
                add_front_matter(english, [(n, en or vi) for n, _, vi, en in entries], illustration=False)
    (ASSETS / "logo.png").parent.mkdir(exist_ok=True)
    logo().save(ASSETS / "logo.png", optimize=True)
    print(f"{sum(len(e) for e in SPEC.values())} pictures, {total / 1e6:.2f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
