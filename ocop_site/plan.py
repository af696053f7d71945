"""The artifact plan: every output of a build, what its bytes depend on, how to make them.

A *producer* is a function from the :class:`PlanContext` (the loaded site,
its theme, the renderer and the build's :class:`InputTable`) to
:class:`Artifact` and :class:`Fragment` values. Each output kind is one
module in :mod:`ocop_site.outputs` that registers its producer with
:func:`producer`; the build finds them all, so a new output kind is a new
module and nothing else.

An artifact declares its *inputs* by name: ``site.yaml``, ``template:<name>``
(the template with everything it extends, includes and imports),
``strings:<lang>``, ``static:<path>``, ``product:<slug>`` (the product's files
and pictures), ``page:<slug>``, ``pages:<lang>`` (the footer's list of free
pages), ``images:site`` (logo and icons), ``file:<path>`` (any source file),
``version`` (this program and the libraries that shape output), or a value
written ``=<text>`` (a page number, a count, a certificate's status on the
build date). The engine hashes the named inputs, together with the digests
of the *fragments* the artifact needs, into the artifact's digest; an
artifact whose digest did not change since the last build is not made again.
That is only correct if the inputs are complete, which the property-based
test ``tests/test_incremental.py`` checks against clean builds.

A fragment is a named piece that several artifacts reuse (a product's card,
its record in the data script), made once per build, never written on its
own; ``persist`` ones are also kept in the build state between builds, ``signed`` ones
too when the user has a cache key (:mod:`ocop_site.fragments`).
Items of one ``group`` (everything of one product) are made together in one
worker, which then knows the product's views already; only artifacts that
need fragments of other groups (listings, data scripts) wait for them.

A producer may yield a product's items as a :class:`Group`: the inputs of all
of them, and a function that gives them. The command line's build simply
takes them; the preview, which plans again on every save, keeps the last
plan's groups (:class:`PlanMemo`) and takes a group's items from there when
its inputs did not change, so that planning after one product's edit does
not make a hundred thousand items again.
"""
from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import os
import pkgutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, NamedTuple

from . import __version__

if TYPE_CHECKING:
    from .bodies import BodyStore
    from .images import ImageRun
    from .model import Site
    from .render.renderer import Renderer
    from .theme import Theme

__all__ = ["Artifact", "Fragment", "Group", "PlanMemo", "Planned", "Made", "InputTable", "PlanContext", "Producer",
           "producer", "producers", "plan_items", "digest", "program_digest"]


class Made:
    """What ``make`` may use: the plan's ``context`` (the site, its renderer…), fragments, and
    ``markdown(text)``, Python-Markdown's HTML not yet sanitised (callers sanitise it, as they do
    HTML read back from the state). A ``make`` takes the site and renderer from here, not from
    the plan it was made in: a :class:`Group`'s items outlive their plan (:class:`PlanMemo`).
    ``trusted``: every fragment was made by this program in this process's memory (the preview's
    store), none read back from a file, so they need not be parsed again to be checked."""

    def __init__(self, context: PlanContext, fragments: Mapping[str, str], markdown: Callable[[str], str],
                 trusted: bool = False) -> None:
        self.context = context
        self.fragments = fragments
        self.markdown = markdown
        self.trusted = trusted


class Artifact(NamedTuple):
    """One output file. (A named tuple: a large site plans a hundred thousand of them.)"""

    path: str  # from the output root, "/"-separated
    source: str  # what it is made from, for messages: a content file, a template, "theme"
    inputs: tuple[str, ...]  # names resolved by the InputTable; "=x" is the value x
    make: Callable[[Made], bytes | Path]  # the bytes, or a file to copy as it is
    needs: tuple[str, ...] = ()  # fragments make() reads from Made.fragments
    group: str = ""  # made in one worker with the fragments of its group (a product: its body, card, pages)


class Fragment(NamedTuple):
    """A piece of text several artifacts reuse; made at most once per build."""

    name: str
    inputs: tuple[str, ...]
    make: Callable[[Made], str]
    persist: bool = False  # kept in the build state between builds
    group: str = ""  # see Artifact.group
    signed: bool = False  # kept between builds only signed with the user's key (HTML nothing could check)

    def digest(self, inputs: InputTable) -> str:
        """What it is known by (and kept under): its declared inputs' digest, with its name."""
        return inputs.digest(self.inputs, self.name)


class Group(NamedTuple):
    """Items (of one product) that depend on nothing but ``shared`` and ``inputs``: each item's
    inputs are among them. ``shared`` are those every group of its kind has (the same tuple,
    hashed once per plan), ``inputs`` the group's own. A planner that kept the last plan's groups
    (:class:`PlanMemo`) takes a group's items, and their digests, as they were when none of
    these inputs changed, instead of calling ``items()``."""

    name: str
    shared: tuple[str, ...]
    inputs: tuple[str, ...]
    items: Callable[[], Iterable[Artifact | Fragment]]


class Planned(NamedTuple):
    """Items of a plan (a group's, or all of them) with the digests of their declared inputs."""

    key: str  # a group's: the digest of its inputs
    artifacts: list[Artifact]
    declared: list[str]  # per artifact
    fragments: dict[str, Fragment]
    fragment_declared: dict[str, str]


class PlanMemo:
    """The groups of the last plan (the preview's, between rebuilds): by name, the digest of the
    group's inputs, and its items with their declared digests. Only the last plan's are kept."""

    def __init__(self) -> None:
        self._kept: dict[str, Planned] = {}
        self._next: dict[str, Planned] = {}

    def take(self, name: str, key: str) -> Planned | None:
        found = self._kept.get(name)
        return found if found is not None and found.key == key else None

    def keep(self, name: str, kept: Planned) -> None:
        self._next[name] = kept

    def start(self) -> None:
        """A plan begins (what an unfinished one kept is dropped)."""
        self._next = {}

    def finish(self) -> None:
        """A plan ended: its groups are now the ones kept."""
        self._kept, self._next = self._next, {}


def digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


_SHAPING_LIBRARIES = ("jinja2", "markdown", "nh3", "babel", "yaml", "PIL", "markupsafe", "zxingcpp")


def _installed(module: str) -> str:
    """Where a library is installed, and its entry file's size and mtime: an upgrade changes
    them (found without importing it, nor importlib.metadata, to keep start-up quick)."""
    try:
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec else None
        st = os.stat(origin) if origin else None
    except (ImportError, ValueError, OSError):
        return f"{module}=?"
    return f"{module}={origin}|{st.st_size}|{st.st_mtime_ns}" if st else f"{module}=?"


@functools.lru_cache(maxsize=None)
def program_digest() -> str:
    """This program's code and the libraries that shape its output: any change to them makes
    every artifact again (and starts a fresh build state)."""
    package = Path(__file__).resolve().parent
    parts = [__version__, sys.version.split()[0], *(_installed(name) for name in _SHAPING_LIBRARIES)]
    for path in sorted(package.rglob("*.py")):
        parts.append(path.relative_to(package).as_posix())
        parts.append(hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest())
    return digest(*parts)


class InputTable:
    """Input name -> digest. Plain names are registered by the build; ``template:`` names
    are resolved on first use through ``resolvers`` (by prefix)."""

    def __init__(self, values: Mapping[str, str] | None = None,
                 resolvers: Mapping[str, Callable[[str], str]] | None = None) -> None:
        self._values = dict(values or {})
        self._resolvers = dict(resolvers or {})

    def add(self, name: str, value: str) -> None:
        self._values[name] = value

    def __getitem__(self, name: str) -> str:
        found = self._values.get(name)
        if found is not None:
            return found
        if name.startswith("="):
            return name
        prefix, _, rest = name.partition(":")
        if prefix not in self._resolvers:
            raise KeyError(f"undeclared input {name!r}: register it in the InputTable")
        found = self._values[name] = self._resolvers[prefix](rest)
        return found

    def digest(self, inputs: Iterable[str], *more: str) -> str:
        values = self._values
        return digest(values["version"], *(values.get(name) or self[name] for name in inputs), *more)


@dataclass(frozen=True)
class PlanContext:
    """What producers plan from."""

    site: Site
    theme: Theme
    site_dir: Path
    renderer: Renderer
    inputs: InputTable
    images: ImageRun
    bodies: BodyStore  # Markdown bodies by digest
    static: Mapping[str, Path] = field(default_factory=dict)  # static/<name> -> the file that wins


Producer = Callable[[PlanContext], Iterable["Artifact | Fragment | Group"]]

_PRODUCERS: dict[str, Producer] = {}


def producer(name: str) -> Callable[[Producer], Producer]:
    """Register an output kind: ``@producer("sitemap")`` on a function of a PlanContext."""
    def register(func: Producer) -> Producer:
        if name in _PRODUCERS and _PRODUCERS[name] is not func:
            raise ValueError(f"two output producers are named {name!r}")
        _PRODUCERS[name] = func
        return func
    return register


def producers() -> list[tuple[str, Producer]]:
    """Every registered output kind, by name: importing :mod:`ocop_site.outputs` loads them all."""
    from . import outputs

    for module in pkgutil.iter_modules(outputs.__path__):
        importlib.import_module(f"{outputs.__name__}.{module.name}")
    return sorted(_PRODUCERS.items())


def plan_items(items: Iterable[Artifact | Fragment | Group], inputs: InputTable, memo: PlanMemo | None = None
               ) -> Planned:
    """Every item, each with the digest of its declared inputs; a group's items are taken from
    ``memo`` when the group's inputs did not change since the plan it kept, and kept there."""
    planned = Planned("", [], [], {}, {})
    if memo is not None:
        memo.start()
    shared: dict[tuple[str, ...], str] = {}  # digests of the groups' shared inputs
    for item in items:
        if not isinstance(item, Group):
            _add(planned, item, inputs)
        elif memo is None:
            for member in item.items():
                _add(planned, member, inputs)
        else:
            if item.shared not in shared:
                shared[item.shared] = inputs.digest(item.shared)
            key = inputs.digest(item.inputs, shared[item.shared], item.name)
            kept = memo.take(item.name, key) or _expanded(item, key, inputs)
            memo.keep(item.name, kept)
            planned.artifacts.extend(kept.artifacts)
            planned.declared.extend(kept.declared)
            planned.fragments.update(kept.fragments)
            planned.fragment_declared.update(kept.fragment_declared)
    if memo is not None:
        memo.finish()
    return planned


def _add(planned: Planned, item: Artifact | Fragment, inputs: InputTable) -> None:
    """``item`` into ``planned``, with the digest of its declared inputs. A name or path is part
    of what it stands for (a card shows its product's slug; a page's links are relative to where
    it is), so it is hashed with them. The inputs are hashed as they come and dropped: a hundred
    thousand tuples of names would be kept, and copied into every worker, for nothing else."""
    if isinstance(item, Fragment):
        planned.fragment_declared[item.name] = item.digest(inputs)
        planned.fragments[item.name] = item._replace(inputs=())
    else:
        planned.declared.append(inputs.digest(item.inputs, item.path))
        planned.artifacts.append(item._replace(inputs=()))


def _expanded(group: Group, key: str, inputs: InputTable) -> Planned:
    """A group's items, checked to read only inputs it declares (else an output kind is wrong)."""
    planned = Planned(key, [], [], {}, {})
    allowed = {*group.shared, *group.inputs}
    for item in group.items():
        if not allowed.issuperset(item.inputs):
            raise ValueError(f"{group.name}: an item reads inputs the group does not declare: "
                             f"{sorted(set(item.inputs) - allowed)}")
        _add(planned, item, inputs)
    return planned
