"""Structure rules: the core is engine-free, and every setting and format field is documented."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest
from conftest import REPO

from generator.mkdocs_plugin import ReadingRoomPluginConfig
from generator.models import DOCUMENTED_MODELS

ADAPTERS = {"mkdocs_plugin.py", "cli.py"}
README = (REPO / "README.md").read_text(encoding="utf-8")


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_core_does_not_import_mkdocs():
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / "generator").rglob("*.py")
        if path.name not in ADAPTERS and any(m.split(".")[0] in ("mkdocs", "material") for m in imported_modules(path))
    ]
    assert offenders == []


def test_every_content_field_is_documented_in_the_readme():
    missing = [
        f"{kind}.{info.alias or name}"
        for kind, model in DOCUMENTED_MODELS.items()
        for name, info in model.model_fields.items()
        if f"| `{info.alias or name}` |" not in README
    ]
    assert missing == []


def test_every_content_field_has_a_description():
    assert [
        name
        for model in DOCUMENTED_MODELS.values()
        for name, info in model.model_fields.items()
        if not info.description
    ] == []


def test_every_plugin_option_is_documented_in_the_readme():
    options = [name for name, _ in ReadingRoomPluginConfig._schema]
    assert options and [o for o in options if f"| `{o}` |" not in README] == []


def test_every_third_party_import_of_the_generator_is_a_declared_dependency():
    import importlib.metadata
    import sys
    import tomllib

    declared = {
        re.split(r"[=<>!~ ]", d)[0].lower().replace("_", "-")
        for d in tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    }
    distributions = importlib.metadata.packages_distributions()
    modules = {m.split(".")[0] for p in (REPO / "generator").rglob("*.py") for m in imported_modules(p)}
    third_party = {m for m in modules if m not in sys.stdlib_module_names and m != "generator"}
    undeclared = {
        m for m in third_party if not {d.lower().replace("_", "-") for d in distributions.get(m, [m])} & declared
    }
    assert third_party and undeclared == set()


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_code_is_lint_format_and_type_clean(command):
    """The style the project promises: ruff clean, ruff-formatted, mypy --strict (configured in pyproject.toml)."""
    result = subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
