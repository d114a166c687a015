"""policy/ and workflow/ stay pure: the standard library, PyYAML, pydantic, pyahocorasick (the screening's
one-pass automaton: a C library, no framework), numpy (the screening model applied to all passages at once,
imported there only) and each other only."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "jianfu"
ALLOWED = {"yaml", "pydantic", "ahocorasick", "numpy", "jianfu.policy", "jianfu.workflow"}


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def allowed(module: str) -> bool:
    top = module.split(".")[0]
    return top in sys.stdlib_module_names or any(module == a or module.startswith(a + ".") for a in ALLOWED)


PURE_FILES = sorted(
    p for package in ("policy", "workflow") if (ROOT / package).exists() for p in (ROOT / package).rglob("*.py")
)


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_pure_module_imports_no_framework_and_no_app(path):
    forbidden = [m for m in imported_modules(path) if not allowed(m)]
    assert forbidden == []


def test_the_boundary_check_would_catch_a_django_import(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("from django.db import models\nimport jianfu.org.models\n")
    assert [m for m in imported_modules(sneaky) if not allowed(m)] == ["django.db", "jianfu.org.models"]
