"""Every kind of content error has a stable, documented code, and every documented code is used."""

from __future__ import annotations

import ast
import re

from conftest import REPO

from generator.cli import main
from generator.error_codes import CODES

CODE = re.compile(r"RR[1-9][0-9]{2}")


def codes_in_the_source() -> set[str]:
    found = set()
    for path in (REPO / "generator").rglob("*.py"):
        if path.name == "error_codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value):
                found.add(node.value)
    return found


def test_codes_are_well_formed_and_in_order():
    assert all(CODE.fullmatch(code) for code in CODES)
    assert list(CODES) == sorted(CODES)


def test_every_code_used_is_declared_and_every_declared_code_is_used():
    used = codes_in_the_source()
    assert used - set(CODES) == set()
    assert set(CODES) - used == set()


def test_every_code_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [code for code in CODES if f"| `{code}` |" not in readme] == []


def test_verbose_validate_lists_every_row(room, capsys):
    room.write("releases/test-release/people.csv", "person_id,full_name,outcome\n" + "x,A,convicted\n" * 8)
    assert main(["--root", str(room.root), "validate"]) == 1
    assert "rows 1, 2, 3, 4, 5 and 3 more:" in capsys.readouterr().err
    assert main(["--root", str(room.root), "validate", "--verbose"]) == 1
    assert "rows 1, 2, 3, 4, 5, 6, 7, 8:" in capsys.readouterr().err
