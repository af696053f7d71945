"""``ocop-site serve``: the real command in a subprocess, asked over HTTP and in chromium.

Each test starts the server on a free port, waits for the line that gives its
address (in either language), and stops it with SIGINT (Ctrl-C) at the end,
checking it stops cleanly.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest
from PIL import Image

from conftest import MINIMAL_SITE_YAML, REPO, TODAY, product

PRODUCT = "content/products/mat-ong/index.md"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A running ``ocop-site serve``; ``lines`` collects what it prints."""

    def __init__(self, site: Path, port: int, *extra: str, env: dict[str, str] | None = None) -> None:
        self.port = port
        self.lines: list[str] = []
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ocop_site", "serve", str(site), "--port", str(port), "--date", TODAY,
             "--jobs", "1", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines:
                if text in line:
                    return line
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no line with {text!r}; printed:\n" + "\n".join(self.lines))

    def count(self, start: str) -> int:
        """How many printed lines begin with ``start``."""
        return sum(line.startswith(start) for line in self.lines)

    def get(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) of a raw request path (sent exactly as given)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as conn:
            conn.sendall(f"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode("latin-1"))
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        return int(lines[0].split()[1]), headers.get("Content-Type", ""), body

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:  # generous: a machine running two test suites and their browsers at once is slow
            code = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError("Ctrl-C did not stop the server in 60 s; it printed:\n" + "\n".join(self.lines))
        self._reader.join(timeout=5)
        return code


@pytest.fixture
def serve(make_site) -> Iterator:
    servers: list[Server] = []

    def start(files: dict[str, str | bytes], *extra: str, links: dict[str, Path] | None = None,
              env: dict[str, str] | None = None) -> tuple[Server, Path]:
        """Serve a site of ``files`` and of symlinks ``links`` (path in the site -> where it points)."""
        site = make_site(files)
        for rel, target in (links or {}).items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).symlink_to(target)
        server = Server(site, _free_port(), *extra, env=env)
        servers.append(server)
        server.wait_for(f"http://127.0.0.1:{server.port}/")
        return server, site

    yield start
    for server in servers:
        code = server.stop()
        assert code == 0, "\n".join(server.lines)
        assert not any("Traceback" in line for line in server.lines), "\n".join(server.lines)


def _until(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def test_serves_the_built_site_with_the_reload_script(serve):
    server, site = serve({PRODUCT: product("Mật ong Kiến Thụy")})
    status, kind, body = server.get("/")
    assert status == 200 and kind.startswith("text/html")
    assert "Mật ong Kiến Thụy".encode() in body
    assert b"livereload.js" in body
    status, kind, page = server.get("/products/mat-ong/index.html")
    assert status == 200 and "Mật ong".encode() in page
    assert not (site / "output").exists(), "serve writes nothing to output/"
    status, kind, _ = server.get("/en/")
    assert status == 200 and kind.startswith("text/html")


def test_build_output_has_no_reload_script(serve, cli):
    server, site = serve({PRODUCT: product("Mật ong")})
    assert cli("build", str(site))[0] == 0
    for page in (site / "output").rglob("*.html"):
        assert "livereload" not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("path", [
    "/../site.yaml", "/%2e%2e/site.yaml", "/vi/..%2f..%2fsite.yaml", "/vi/%2e%2e/%2e%2e/site.yaml",
    "/..\\site.yaml", "/site.yaml", "/content/products/mat-ong/index.md", "/.cache/state.sqlite",
    "/en//index.html", "/%00", "/en/./index.html", "//etc/passwd", "/%2fetc%2fpasswd",
    "/products/../../site.yaml", "/products/mat-ong/secret.txt", "/products/ngoai/secret.txt",
    "/leak/secret.txt", "/assets/secret.txt",
])
def test_nothing_outside_the_built_files_is_served(serve, tmp_path, path):
    """Links out of the site (a file in a product's folder, a product folder, a folder at the
    top, a file in assets/) lead to a secret that must never be served."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret: yes\n", encoding="utf-8")
    server, _ = serve({PRODUCT: product("Mật ong")}, links={
        "content/products/mat-ong/secret.txt": outside / "secret.txt", "content/products/ngoai": outside,
        "leak": outside, "assets/secret.txt": outside / "secret.txt"})
    status, _, body = server.get(path)
    assert status == 404, (path, body[:200])
    assert b"name:" not in body and b"title:" not in body and b"secret:" not in body


def test_an_edit_is_rebuilt_and_served(serve):
    server, site = serve({PRODUCT: product("Mật ong")})
    (site / PRODUCT).write_text(product("Mật ong hoa nhãn"), encoding="utf-8")
    _until(lambda: "Mật ong hoa nhãn".encode() in server.get("/products/mat-ong/index.html")[2])
    _until(lambda: server.count("built 1 product in") == 2)  # the terminal says so after each rebuild
    (site / "content/products/ruou-nep/index.md").parent.mkdir(parents=True)
    (site / "content/products/ruou-nep/index.md").write_text(product("Rượu nếp cái"), encoding="utf-8")
    _until(lambda: server.get("/products/ruou-nep/index.html")[0] == 200)
    server.wait_for("built 2 products")
    (site / "content/products/ruou-nep/index.md").unlink()
    _until(lambda: server.get("/products/ruou-nep/index.html")[0] == 404)


def test_an_edit_of_a_theme_template_is_rebuilt_and_served(serve):
    stars = "themes/default/templates/partials/stars.html"
    server, site = serve({PRODUCT: product("Mật ong"), stars: '<p class="my-stars">{{ p.stars }} sao</p>\n'})
    assert b'<p class="my-stars">4 sao</p>' in server.get("/products/mat-ong/index.html")[2]
    (site / stars).write_text('<p class="my-stars">{{ p.stars }} ngôi sao</p>\n', encoding="utf-8")
    _until(lambda: '<p class="my-stars">4 ngôi sao</p>'.encode() in server.get("/products/mat-ong/index.html")[2])


def test_an_edit_of_site_yaml_is_rebuilt_and_served(serve):
    server, site = serve({PRODUCT: product("Mật ong")})
    assert b"Test OCOP products" in server.get("/en/")[2]
    (site / "site.yaml").write_text(MINIMAL_SITE_YAML.replace("Test OCOP products", "Kien Thuy products"),
                                    encoding="utf-8")
    _until(lambda: b"Kien Thuy products" in server.get("/en/")[2])


def _png(color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (512, 512), color).save(out, "PNG")
    return out.getvalue()


def _icon(page: bytes) -> str:
    """The path of the 192-pixel icon made from the site's logo, named by its content."""
    found = re.search(rb'href="(images/[^"]+-icon-192\.png)"', page)
    assert found, page[:2000]
    return found[1].decode()


def test_an_edit_of_a_file_in_assets_is_rebuilt_and_served(serve):
    server, site = serve({PRODUCT: product("Mật ong"), "site.yaml": MINIMAL_SITE_YAML + "logo: assets/logo.png\n",
                          "assets/logo.png": _png((200, 30, 20))})
    red = _icon(server.get("/")[2])
    (site / "assets/logo.png").write_bytes(_png((20, 30, 200)))
    _until(lambda: _icon(server.get("/")[2]) != red)
    status, kind, data = server.get("/" + _icon(server.get("/")[2]))
    assert status == 200 and kind == "image/png"
    assert Image.open(io.BytesIO(data)).convert("RGB").getpixel((96, 96)) == (20, 30, 200)
    assert server.get("/" + red)[0] == 404


def test_an_error_is_shown_on_every_page_until_fixed(serve):
    server, site = serve({PRODUCT: product("Mật ong")})
    (site / PRODUCT).write_text(product("Mật ong", stars=7), encoding="utf-8")
    line = server.wait_for("error:")
    assert line.startswith(f"{PRODUCT}:5: error:"), line
    status, kind, body = server.get("/en/index.html")
    assert status == 500 and kind.startswith("text/html")
    text = body.decode()
    assert f"{PRODUCT}:5" in text and "livereload.js" in text
    assert '<html lang="en">' in text and "<h1>The catalogue has errors</h1>" in text
    assert server.process.poll() is None, "an error never stops the server"
    (site / PRODUCT).write_text(product("Mật ong sửa rồi"), encoding="utf-8")
    _until(lambda: server.get("/en/index.html")[0] == 200)
    assert "Mật ong sửa rồi".encode() in server.get("/products/mat-ong/index.html")[2]


def test_a_site_with_errors_at_start_is_served_with_the_errors(serve):
    server, site = serve({PRODUCT: "---\nname: [unclosed\n---\n"})
    status, _, body = server.get("/")
    assert status == 500 and PRODUCT.encode() in body
    (site / PRODUCT).write_text(product("Mật ong"), encoding="utf-8")
    _until(lambda: server.get("/")[0] == 200)


def test_the_error_page_is_in_the_editors_language(serve):
    server, _ = serve({PRODUCT: product("Mật ong", stars=7)}, "--lang", "vi")
    status, _, body = server.get("/")
    text = body.decode()
    assert status == 500 and '<html lang="vi">' in text, text
    assert "<title>Danh mục có lỗi, chưa dựng được</title>" in text
    assert "<h1>Danh mục có lỗi, chưa dựng được</h1>" in text
    assert "Sửa các dòng dưới đây rồi lưu tệp: trang này sẽ tự tải lại." in text
    assert f"<code>{PRODUCT}:5</code> số sao phải là 3, 4 hoặc 5" in text
    assert "The catalogue has errors" not in text
    assert server.get("/khong-co.txt")[2].decode() == "Không tìm thấy\n"  # a file the site does not have


def test_a_busy_port_is_one_line_with_a_free_one(make_site):
    site = make_site({PRODUCT: product("Mật ong")})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = Server(site, port)
        code = server.process.wait(timeout=60)
        server._reader.join(timeout=5)
    assert code == 1
    errors = [line for line in server.lines if "error:" in line]
    assert len(errors) == 1 and f"port {port}" in errors[0] and "--port" in errors[0], server.lines
    assert not any("Traceback" in line for line in server.lines)


def test_the_open_page_reloads_itself_after_a_save(serve, browser):
    server, site = serve({PRODUCT: product("Mật ong")})
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.port}/products/mat-ong/index.html")
        # connected: the server sends a reload only to pages whose handshake is done (a save just
        # before it, under load, reloaded nothing and the test timed out now and then)
        page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol > 0",
                               timeout=10000)
        (site / PRODUCT).write_text(product("Mật ong rừng"), encoding="utf-8")
        try:
            page.wait_for_function("() => document.querySelector('h1').textContent.includes('rừng')",
                                   timeout=30000)
        except Exception as exc:  # what the server said is what tells why
            raise AssertionError("\n".join(["the page did not reload with the edit; the server printed:",
                                             *server.lines])) from exc
    finally:
        context.close()


def test_ctrl_c_twice_stops_once_with_no_traceback(make_site):
    """An editor who presses Ctrl-C twice: the second press came while the server shut down, and
    either printed a traceback (from threading's shutdown) or killed the process by the signal."""
    site = make_site({PRODUCT: product("Mật ong")})
    for gap in (0, 0.005, 0.01, 0.02, 0.05):
        server = Server(site, _free_port())
        server.wait_for(f"http://127.0.0.1:{server.port}/")
        server.process.send_signal(signal.SIGINT)
        time.sleep(gap)
        server.process.send_signal(signal.SIGINT)
        code = server.process.wait(timeout=60)
        server._reader.join(timeout=5)
        assert code == 0 and server.lines[-1] == "stopped", (gap, server.lines)
        assert not any("Traceback" in line or "KeyboardInterrupt" in line for line in server.lines), server.lines


def test_open_opens_the_browser_at_the_servers_address(serve, tmp_path):
    """webbrowser runs the program named by BROWSER: here a stand-in that writes down its address."""
    opened = tmp_path / "opened.txt"
    stand_in = tmp_path / "browser"
    stand_in.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{opened}"\n', encoding="utf-8")
    stand_in.chmod(0o755)
    server, _ = serve({PRODUCT: product("Mật ong")}, "--open", env={"BROWSER": str(stand_in)})
    _until(opened.exists)
    _until(lambda: opened.read_text(encoding="utf-8") == f"http://127.0.0.1:{server.port}/")


def _outside_address() -> str | None:
    """An address of this machine other than loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))  # no packet is sent: this only picks a route
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_listens_on_this_computer_only_by_default(serve):
    server, _ = serve({PRODUCT: product("Mật ong")})
    assert server.wait_for("serving").endswith(f"at http://127.0.0.1:{server.port}/ (Ctrl-C stops)")
    address = _outside_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    with pytest.raises(OSError):
        socket.create_connection((address, server.port), timeout=3).close()


def test_a_rebuild_renders_again_only_the_cards_of_what_changed(make_site, monkeypatch):
    """The preview keeps every fragment in its memory between rebuilds, cards included (nothing
    outside the process can change them): after one product's edit, only its cards are made."""
    import datetime as dt

    from ocop_site.outputs import pages
    from ocop_site.preview import Preview

    site = make_site({f"content/products/{slug}.md": product(name) for slug, name in
                      (("mat-ong", "Mật ong"), ("tra", "Trà"), ("gao", "Gạo"))})
    preview = Preview(site, lambda: dt.date.fromisoformat(TODAY), workers=1)
    assert preview.rebuild()[0] is not None
    made: list[tuple[str, str]] = []
    card = pages._card
    monkeypatch.setattr(pages, "_card", lambda lang, slug, done: made.append((lang, slug)) or card(lang, slug, done))
    (site / "content/products/tra.md").write_text(product("Trà hoa vàng"), encoding="utf-8")
    assert preview.rebuild()[0] is not None
    assert sorted(made) == [("en", "tra"), ("vi", "tra")]
    assert "Trà hoa vàng" in preview.sink.files["index.html"].decode()


def test_a_rebuild_plans_again_only_the_products_that_changed(make_site, monkeypatch):
    """The preview keeps its last plan's groups: after one product's edit, only that product's
    items are planned again (the others' are taken as they were); after a change every page
    shows, every product's are."""
    import datetime as dt

    from ocop_site.outputs import pages
    from ocop_site.preview import Preview

    site = make_site({f"content/products/{slug}.md": product(name) for slug, name in
                      (("mat-ong", "Mật ong"), ("tra", "Trà"), ("gao", "Gạo"))})
    preview = Preview(site, lambda: dt.date.fromisoformat(TODAY), workers=1)
    assert preview.rebuild()[0] is not None
    planned: list[str] = []
    real = pages._product
    monkeypatch.setattr(pages, "_product", lambda ctx, item, frames: planned.append(item.slug) or real(ctx, item, frames))
    (site / "content/products/tra.md").write_text(product("Trà hoa vàng"), encoding="utf-8")
    assert preview.rebuild()[0] is not None
    assert planned == ["tra"]
    assert "Trà hoa vàng" in preview.sink.files["products/tra/index.html"].decode()
    planned.clear()
    (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8")
                                    .replace("Sản phẩm OCOP thử", "Sản phẩm OCOP mới"), encoding="utf-8")
    assert preview.rebuild()[0] is not None
    assert sorted(planned) == ["gao", "mat-ong", "tra"]


def test_the_plan_the_preview_keeps_holds_no_site(make_site):
    """A kept item makes its bytes from the site of the build that runs it (``Made.context``),
    never from one it holds: nothing the preview keeps between rebuilds pins an old site."""
    import datetime as dt
    from functools import partial

    from ocop_site.model import Site
    from ocop_site.plan import PlanContext
    from ocop_site.render.renderer import Renderer
    from ocop_site.preview import Preview

    site = make_site({f"content/products/{slug}.md": product(name) for slug, name in
                      (("mat-ong", "Mật ong"), ("tra", "Trà"))})
    preview = Preview(site, lambda: dt.date.fromisoformat(TODAY), workers=1)
    assert preview.rebuild()[0] is not None
    kept = list(preview.memo._kept.values())
    assert {name.split(":")[0] for name in preview.memo._kept} == {"pages", "printouts", "records", "open-data"}
    makes = [item.make for planned in kept for item in [*planned.artifacts, *planned.fragments.values()]]
    assert len(makes) > 20

    def held(make: object) -> list[object]:
        return [*make.args, *make.keywords.values(), *held(make.func)] if isinstance(make, partial) else [make]

    assert not [value for make in makes for value in held(make) if isinstance(value, (Site, Renderer, PlanContext))]


def _clean_build(site: Path, folder: Path) -> dict[str, bytes]:
    """What a clean build of ``site`` on TODAY writes into ``folder``: path -> bytes (but the marker)."""
    from ocop_site.build import build

    build(site, folder, dt.date.fromisoformat(TODAY), workers=1, clean=True)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != ".ocop-site"}


def test_the_preview_with_workers_serves_what_a_clean_build_writes(make_site, monkeypatch, tmp_path):
    """With forked workers (as on any machine with two cores), a rebuild after the card template's
    edit, which makes every listing again, then after a product's edit, which takes the other
    products' items from the kept plan, serves the bytes a clean build writes."""
    from ocop_site import engine
    from ocop_site.preview import Preview

    monkeypatch.setattr(engine, "PARALLEL_MIN_ITEMS", 1)
    site = make_site({f"content/products/p{i}.md": product(f"Sản phẩm {i}", stars=3 + i % 3) for i in range(8)})
    preview = Preview(site, lambda: dt.date.fromisoformat(TODAY), workers=2)
    assert preview.rebuild()[0] is not None
    template = site / "themes/default/templates/partials/card.html"
    template.parent.mkdir(parents=True)
    template.write_text((REPO / "themes/default/templates/partials/card.html").read_text(encoding="utf-8")
                        .replace('<li class="card"', '<li class="card" data-edited', 1), encoding="utf-8")
    assert preview.rebuild()[0].made >= 10  # the listings
    edited = site / "content/products/p3.md"
    edited.write_text(product("Sản phẩm ba", stars=5), encoding="utf-8")
    assert preview.rebuild()[0] is not None
    written = _clean_build(site, tmp_path / "clean")
    assert preview.sink.files == written
    assert b"data-edited" in written["index.html"] and "Sản phẩm ba".encode() in written["index.html"]


@pytest.mark.parametrize("start", ["made by workers", "from what build left"])
def test_the_preview_holds_its_files_compressed_and_serves_them_whole(make_site, tmp_path, monkeypatch, start):
    """At 20,000 products the site is 1.3 GB: held as it is, the preview needed 1.8 GB."""
    from ocop_site import engine, workers
    from ocop_site.build import build
    from ocop_site.preview import Preview

    monkeypatch.setattr(engine, "PARALLEL_MIN_ITEMS", 1)  # packed in the workers that made them
    monkeypatch.setattr(workers, "IN_PARTS_MIN_ITEMS", 2)  # or that read them
    day = dt.date.fromisoformat(TODAY)
    site = make_site({f"content/products/p{i}.md": product(f"Sản phẩm {i}", stars=3 + i % 3) for i in range(8)})
    if start == "from what build left":
        build(site, site / "output", day, workers=1)
    preview = Preview(site, lambda: day, workers=2)
    report = preview.rebuild()[0]
    assert report is not None and report.made == (0 if start == "from what build left" else report.files)
    written = _clean_build(site, tmp_path / "clean")
    assert dict(preview.sink.files) == written
    held = sum(map(len, preview.sink._packed.values()))
    assert held < sum(map(len, written.values())) / 2
    status, kind, body = preview.lookup("/products/p3/index.html")
    assert (status, kind, body) == (200, "text/html; charset=utf-8", written["products/p3/index.html"])


def test_the_preview_starts_from_what_build_left_in_output(make_site, tmp_path):
    """A catalogue built before: the preview's first build takes the files ``build`` left in
    ``output/`` as it recorded them, and makes only what changed since (an edited product, a
    file changed or deleted in the output); it serves what a clean build writes, and never
    writes to ``output/``. Without ``output/`` it makes everything."""
    from ocop_site.build import build
    from ocop_site.preview import Preview

    day = dt.date.fromisoformat(TODAY)
    site = make_site({f"content/products/p{i}.md": product(f"Sản phẩm {i}", stars=3 + i % 3) for i in range(4)})
    output = site / "output"
    build(site, output, day, workers=1)
    preview = Preview(site, lambda: day, workers=1)
    report = preview.rebuild()[0]
    assert report is not None and report.made == 0 and len(preview.sink.files) == report.files

    (site / "content/products/p1.md").write_text(product("Sản phẩm 1", body="Câu chuyện mới."), encoding="utf-8")
    changed, deleted = output / "statistics/index.html", output / "static/style.css"
    changed.write_bytes(changed.read_bytes().replace(b"<", b"[", 1))  # the same size, a new mtime
    deleted.unlink()
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    preview = Preview(site, lambda: day, workers=1)
    report = preview.rebuild()[0]
    assert report is not None and report.made < report.files / 2
    assert report.written == 4  # new bytes: the story's page in both languages, the two output files
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()} == before  # nothing written there
    written = _clean_build(site, tmp_path / "clean")
    assert preview.sink.files == written
    assert "Câu chuyện mới".encode() in written["products/p1/index.html"]

    fresh = Preview(site, lambda: day, workers=1, output=tmp_path / "never-built")
    assert fresh.rebuild()[0].made == report.files


def test_a_preview_started_from_output_that_makes_everything_holds_one_site(make_site, tmp_path):
    """Started from ``output/`` after a change every page shows, the preview lets go of each
    file read there as soon as it makes the file again (peak memory: one site, not two); after
    a first build that fails, the next one still serves what a clean build writes."""
    from ocop_site.build import build
    from ocop_site.preview import Preview

    day = dt.date.fromisoformat(TODAY)
    site = make_site({f"content/products/p{i}.md": product(f"Sản phẩm {i}") for i in range(3)})
    build(site, site / "output", day, workers=1)
    (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8")
                                    .replace("Sản phẩm OCOP thử", "Sản phẩm OCOP mới"), encoding="utf-8")
    preview = Preview(site, lambda: day, workers=1)
    held: list[int] = []
    put = preview.sink.put
    preview.sink.put = lambda path, data: (held.append(len(preview.sink.files) + len(preview.sink._pending)),
                                           put(path, data))[1]
    report = preview.rebuild()[0]
    assert report is not None and report.made > report.files / 2
    assert max(held) <= report.files  # never more files held than the site has

    build(site, site / "output", day, workers=1)
    template = site / "themes/default/templates/product.html"  # a mistake on one product's page
    template.parent.mkdir(parents=True)
    original = (REPO / "themes/default/templates/product.html").read_text(encoding="utf-8")
    template.write_text(original.replace("{% block main %}", "{% block main %}{% if p.slug == 'p1' %}"
                                         "{{ no_such_value }}{% endif %}", 1)
                        .replace("<article", "<article data-edited", 1), encoding="utf-8")
    preview = Preview(site, lambda: day, workers=1)
    assert preview.rebuild()[0] is None and preview.errors
    assert 0 < len(preview.sink.files) < report.files  # the pages made again before the mistake let go
    template.write_text(original.replace("<article", "<article data-edited", 1), encoding="utf-8")
    assert preview.rebuild()[0] is not None
    assert preview.sink.files == _clean_build(site, tmp_path / "clean")
    assert b"data-edited" in preview.sink.files["products/p1/index.html"]


def test_serve_output_names_the_folder_build_wrote(make_site, cli):
    """``serve --output DIR``: the preview starts from what ``build --output DIR`` left there
    (nothing made), reads it only, and a later build there does not make the preview rebuild."""
    site = make_site({PRODUCT: product("Mật ong")})
    public = site / "public"
    assert cli("build", str(site), "--output", str(public), "--date", TODAY)[0] == 0
    before = {p: p.stat().st_mtime_ns for p in public.rglob("*")}
    server = Server(site, _free_port(), "--output", str(public), env={"OCOP_SITE_LANG": "en"})
    try:
        server.wait_for(f"http://127.0.0.1:{server.port}/")
        assert server.count("built 1 product in 2 languages: 0 files made") == 1, server.lines
        assert "Mật ong".encode() in server.get("/products/mat-ong/index.html")[2]
        assert {p: p.stat().st_mtime_ns for p in public.rglob("*")} == before
        (site / PRODUCT).write_text(product("Mật ong rừng"), encoding="utf-8")
        _until(lambda: "Mật ong rừng".encode() in server.get("/products/mat-ong/index.html")[2])
        assert cli("build", str(site), "--output", str(public), "--date", TODAY)[0] == 0
        time.sleep(1.5)  # what the build wrote in public/ is not a source: no rebuild for it
        assert server.count("built ") == 2, server.lines
    finally:
        assert server.stop() == 0, server.lines
