"""The architecture's import rules, read from the source (docs/architecture.md explains them).

- Only `indexer/engines/<name>/` imports that engine's library (whoosh, tantivy).
- Nothing in `indexer` imports flask or the web app.
- `enrich/` and `extractors/` import neither the store, the search package nor an engine.
- No circular imports between the packages of `indexer`.
- The web app never imports an engine's package: it opens the engine through
  `indexer.engines.open_engine`.
- No module of `indexer` or `webui` imports a private (`_name`) name of another.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "indexer"
WEB = ROOT / "webui"
# An engine's package -> the top-level modules of the library it wraps.
ENGINE_LIBRARIES = {"whoosh": {"whoosh"}, "tantivy": {"tantivy"}}
WEB_LIBRARIES = {"flask", "flask_login", "flask_wtf", "jinja2", "webui"}
# `foia serve` starts the web app: the one place the library names it, inside the function
# that gunicorn calls in each worker, so that nothing else in the library loads Flask.
WEB_STARTERS = {("indexer.cli.server", "webui")}
PURE_PACKAGES = ("enrich", "extractors")
FORBIDDEN_FOR_PURE = ("indexer.store", "indexer.search", "indexer.engines")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path = ROOT) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import in the file, at any depth (lazy imports in
    functions count too). `from a.b import c` yields "a.b.c" as well as "a.b", so that an
    imported submodule is seen."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def sources(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def top(module: str) -> str:
    return module.split(".")[0]


def library_package(module: str) -> str | None:
    """The package of `indexer` a module belongs to ("search", "engines", "errors", ...)."""
    parts = module.split(".")
    if parts[0] != "indexer" or len(parts) < 2:
        return None
    return parts[1]


def violations_of_engine_rule(paths: list[Path], root: Path = ROOT) -> list[str]:
    found = []
    for path in paths:
        name = module_name(path, root)
        for line, imported in imports_of(path, root):
            for engine, libraries in ENGINE_LIBRARIES.items():
                inside = name.startswith(f"indexer.engines.{engine}")
                if top(imported) in libraries and not inside:
                    found.append(f"{name}:{line} imports {imported} outside engines/{engine}/")
    return found


def test_only_an_engines_package_imports_that_engine() -> None:
    assert violations_of_engine_rule(sources(LIBRARY) + sources(WEB)) == []


def test_the_library_never_imports_the_web() -> None:
    found = [
        f"{module_name(path)}:{line} imports {imported}"
        for path in sources(LIBRARY)
        for line, imported in imports_of(path)
        if top(imported) in WEB_LIBRARIES and (module_name(path), top(imported)) not in WEB_STARTERS
    ]
    assert found == []


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_enrichment_and_extractors_stay_pure(package: str) -> None:
    found = [
        f"{module_name(path)}:{line} imports {imported}"
        for path in sources(LIBRARY / package)
        for line, imported in imports_of(path)
        if imported.startswith(FORBIDDEN_FOR_PURE)
    ]
    assert found == []


def package_graph() -> dict[str, set[str]]:
    """indexer's package -> the other packages of indexer it imports."""
    graph: dict[str, set[str]] = {}
    for path in sources(LIBRARY):
        source = library_package(module_name(path))
        if source is None:
            continue
        edges = graph.setdefault(source, set())
        for _, imported in imports_of(path):
            target = library_package(imported)
            if target is not None and target != source:
                edges.add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of nodes (first repeated last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_no_circular_imports_between_packages() -> None:
    assert find_cycle(package_graph()) is None


def test_the_web_app_does_not_reach_into_an_engine() -> None:
    found = [
        f"{module_name(path)}:{line} imports {imported}"
        for path in sources(WEB)
        for line, imported in imports_of(path)
        if imported.split(".")[:3] in (["indexer", "engines", name] for name in ENGINE_LIBRARIES)
    ]
    assert found == []


def test_the_web_app_and_the_cli_import_the_public_api_only() -> None:
    """webui/ and indexer/cli/ import the library through `indexer` itself, so that its
    packages can change behind the public API."""
    found = [
        f"{module_name(path)}:{line} imports {imported}"
        for path in sources(WEB) + sources(LIBRARY / "cli")
        for line, imported in imports_of(path)
        if imported.startswith("indexer.")
        and not imported.startswith("indexer.cli")
        and not _public_name(imported)
    ]
    assert found == []


def _public_name(imported: str) -> bool:
    """`indexer.X` where X is a name of the public API (what `from indexer import X` yields)."""
    import indexer

    parts = imported.split(".")
    return len(parts) == 2 and parts[1] in indexer.__all__


def test_every_public_name_loads() -> None:
    import indexer
    from indexer.exports import EXPORTS

    missing = [name for name in indexer.__all__ if getattr(indexer, name, None) is None]
    assert missing == []
    assert sorted(indexer.__all__) == indexer.__all__ == sorted(EXPORTS)
    typed = {
        alias.asname or alias.name
        for node in ast.walk(ast.parse((LIBRARY / "__init__.py").read_text()))
        if isinstance(node, ast.ImportFrom) and node.module != "indexer.exports"
        for alias in node.names
    } - {"TYPE_CHECKING", "Any"}
    assert typed == set(EXPORTS)  # the names mypy sees are the names served
    with pytest.raises(AttributeError):
        indexer.no_such_name  # noqa: B018


def test_the_rules_catch_what_they_are_for(tmp_path: Path) -> None:
    """The checks themselves: a cycle is found, and a whoosh import outside its package is."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}}) is None
    (tmp_path / "indexer" / "search").mkdir(parents=True)
    (tmp_path / "indexer" / "engines" / "whoosh").mkdir(parents=True)
    probe = tmp_path / "indexer" / "search" / "probe.py"
    probe.write_text("from ..engines import open_engine\nfrom whoosh import query\n")
    allowed = tmp_path / "indexer" / "engines" / "whoosh" / "probe.py"
    allowed.write_text("import whoosh.index\n")
    assert violations_of_engine_rule([probe, allowed], tmp_path) == [
        "indexer.search.probe:2 imports whoosh outside engines/whoosh/",
        "indexer.search.probe:2 imports whoosh.query outside engines/whoosh/",
    ]
    assert ("1", "indexer.engines.open_engine") in {
        (str(line), name) for line, name in imports_of(probe, tmp_path)
    }


# -- private names stay in their module --------------------------------------------------------


def private_imports(paths: list[Path], root: Path = ROOT) -> list[str]:
    """`module:line imports module.name` for each name starting with one underscore imported
    from one of our modules: a name another module needs gets a public name where it belongs."""
    found = []
    for path in sorted(paths):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            module = node.module or ""
            if node.level == 0 and module.split(".")[0] not in ("indexer", "webui"):
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    where = f"{module_name(path, root)}:{node.lineno}"
                    found.append(f"{where} imports {'.' * node.level}{module}.{alias.name}")
    return found


def test_no_module_imports_a_private_name_of_another() -> None:
    assert private_imports([*LIBRARY.rglob("*.py"), *WEB.rglob("*.py")]) == []


def test_the_private_name_rule_catches_what_it_is_for(tmp_path: Path) -> None:
    (tmp_path / "indexer" / "ingest").mkdir(parents=True)
    probe = tmp_path / "indexer" / "ingest" / "probe.py"
    probe.write_text(
        "from __future__ import annotations\n"
        "from indexer.ingest.metadata import _read_text, check_values\n"
        "from .csv_lines import _LINE_END\n"
        "from os import _exit\n"
        "def later():\n"
        "    from webui.search import _hidden\n"
    )
    assert private_imports([probe], tmp_path) == [
        "indexer.ingest.probe:2 imports indexer.ingest.metadata._read_text",
        "indexer.ingest.probe:3 imports .csv_lines._LINE_END",
        "indexer.ingest.probe:6 imports webui.search._hidden",
    ]
