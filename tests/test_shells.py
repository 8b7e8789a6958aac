"""The CLI and the web app are thin shells over ``rashomon.api.Rashomon``: they reach neither the
comparison nor the store around it (what they need is a method of the library API)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "rashomon"
SHELLS = [SRC / "cli.py", *sorted((SRC / "web").glob("*.py"))]
#: The modules below the library API that a shell must not import.
BELOW = {"compare", "store", "stories", "engine"}


def _imported(tree: ast.AST, module: Path) -> list[tuple[int, str]]:
    """(line, dotted module) for every import in the file, relative ones resolved."""
    package = ["rashomon", *module.relative_to(SRC).parent.parts]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *([node.module] if node.module else [])])
            found.append((node.lineno, name))
            found += [(node.lineno, f"{name}.{a.name}") for a in node.names]
    return found


@pytest.mark.parametrize("module", SHELLS, ids=lambda p: p.name)
def test_shells_import_neither_the_comparison_nor_the_store(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    bad = [
        f"{module.name}:{line} imports {name}"
        for line, name in _imported(tree, module)
        if name.split(".")[:2] in (["rashomon", b] for b in BELOW)
    ]
    bad += [
        f"{module.name}:{node.lineno} uses .store"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "store"
    ]
    assert not bad, "go through rashomon.api.Rashomon instead: " + "; ".join(bad)


def test_the_import_check_sees_relative_and_absolute_imports(tmp_path: Path) -> None:
    src = "from ..store import Store\nfrom rashomon.compare import analyze_story\nimport os\n"
    names = {n for _, n in _imported(ast.parse(src), SRC / "web" / "app.py")}
    assert {"rashomon.store", "rashomon.compare", "os"} <= names
