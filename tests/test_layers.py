"""The four packages depend one way: knowledge <- scheduler <- handlers <- bot."""

from __future__ import annotations

import ast
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
