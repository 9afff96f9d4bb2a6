"""The four packages depend one way: knowledge <- scheduler <- handlers <- bot; no module circles."""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Collection, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["knowledge", "scheduler", "handlers", "bot"]
# Third-party libraries confined to one place.
CONFINED = {"telegram": "bot/telegram", "httpx": "bot/zalo", "tomllib": "bot/config.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def package_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", ORDER)
def test_package_imports_only_packages_to_its_left(package: str) -> None:
    forbidden = ORDER[ORDER.index(package) + 1 :]
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in package_files(package)
        for name in imported_modules(path)
        if name.split(".")[0] in forbidden
    ]
    assert offenders == []


@pytest.mark.parametrize(("library", "home"), sorted(CONFINED.items()))
def test_platform_libraries_stay_in_their_adapter(library: str, home: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in ORDER
        for path in package_files(package)
        if library in {n.split(".")[0] for n in imported_modules(path)}
        and not str(path.relative_to(ROOT)).startswith(home)
        and not (library == "tomllib" and package == "knowledge")  # units files are TOML
    ]
    assert offenders == []


def test_the_layer_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from handlers import texts\nimport telegram\n", encoding="utf-8")
    assert {"handlers", "telegram"} <= imported_modules(bad)


# --- no import circles between modules -------------------------------------------------------


def module_name(path: Path) -> str:
    """`handlers/turn.py` -> `handlers.turn`; a package's `__init__.py` is the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_modules() -> dict[str, Path]:
    """Every module of the four packages (revision scripts aside: Alembic loads them by path)."""
    return {
        module_name(path): path
        for package in ORDER
        for path in package_files(package)
        if "versions" not in path.relative_to(ROOT).parts
    }


def module_imports(name: str, path: Path, modules: Collection[str]) -> set[str]:
    """The product modules `name` imports anywhere in it: at the top, under TYPE_CHECKING and
    inside functions; relative imports resolved, `from pkg import mod` read as the module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    wanted: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            wanted.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parents = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parents, *([node.module] if node.module else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                wanted.add(submodule if submodule in modules else base)
    found = set()
    for target in wanted:
        while target and target not in modules:  # a name inside a module: the module
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = product_modules()
    return {name: module_imports(name, path, modules) for name, path in modules.items()}


def import_cycles(graph: Mapping[str, Collection[str]]) -> list[list[str]]:
    """One circle through each group of modules that import each other, as a path a -> ... -> a."""
    cycles = []
    for group in strongly_connected(graph):
        if len(group) < 2:
            continue
        start = min(group)
        # the shortest way back to start, inside the group (breadth first)
        came_from: dict[str, str] = {}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if start in graph[node] and (node != start or not came_from):
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                cycles.append([*reversed(path), start])
                break
            for nxt in sorted(graph[node]):
                if nxt in group and nxt not in came_from and nxt != start:
                    came_from[nxt] = node
                    queue.append(nxt)
    return cycles


def strongly_connected(graph: Mapping[str, Collection[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def test_no_module_imports_itself_back_through_others() -> None:
    cycles = import_cycles(import_graph())
    assert cycles == [], "import circles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    for name in ("__init__", "a", "b", "c", "d"):
        (package / f"{name}.py").write_text("", encoding="utf-8")
    modules = {"pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.d"}
    source = package / "a.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import b\n"
        "if TYPE_CHECKING:\n    from pkg.c import Thing\n"
        "def f():\n    import pkg.d\n",
        encoding="utf-8",
    )
    assert module_imports("pkg.a", source, modules) == {"pkg.b", "pkg.c", "pkg.d"}


def test_the_cycle_check_finds_a_circle_and_names_its_path() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert import_cycles(graph) == [["a", "b", "c", "a"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


MAX_LINES = 800  # issue 13: a file past this holds more than one thing; migrations aside


@pytest.mark.parametrize("package", ORDER)
def test_no_product_file_is_over_800_lines(package: str) -> None:
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in package_files(package)
        if "migrations" not in path.parts
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long == []
