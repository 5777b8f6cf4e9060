"""The strict YAML loader: plain data only, every refusal a YamlProblem with its line, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.yamlfile import MAX_ALIASES, YamlProblem, load_yaml, parse_yaml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: [x, 2.5, true, null]\nc: {d: e}\n", {"a": 1, "b": ["x", 2.5, True, None], "c": {"d": "e"}}),
        ("a: 2020-01-02\n", {"a": "2020-01-02"}),  # dates stay text: the schemas parse them
        ("a: !!str 12\nb: !!int '12'\nc: !!float '1.5'\n", {"a": "12", "b": 12, "c": 1.5}),
        ("a: 123456789012345678\nb: -123456789012345678\n", {"a": 123456789012345678, "b": -123456789012345678}),
        ("'yes': 1\n'1': 2\n", {"yes": 1, "1": 2}),
        ("a: &x [1, 2]\nb: *x\n", {"a": [1, 2], "b": [1, 2]}),
        ("", None),
        ("# only a comment\n", None),
        ("Data: arrests by year\n", {"Data": "arrests by year"}),
    ],
)
def test_plain_yaml_is_accepted(text, expected):
    assert parse_yaml(text) == expected


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("a: 1\nb: !!set {x, y}\n", 2, "YAML tag other than the core ones"),
        ("a: !!omap [x: 1, y: 2]\n", 1, "YAML tag other than the core ones"),
        ("a: !!pairs [x: 1]\n", 1, "YAML tag other than the core ones"),
        ("a: !!binary aGVsbG8=\n", 1, "YAML tag other than the core ones"),
        ("a: !!timestamp 2020-01-02\n", 1, "YAML tag other than the core ones"),
        ("a: !custom x\n", 1, "YAML tag other than the core ones"),
        ("a:\n  - !python/object:os.system x\n", 2, "YAML tag other than the core ones"),
        ("a: 1\nyes: 2\n", 2, "a mapping key must be plain text"),
        ("on: 1\n", 1, "a mapping key must be plain text"),
        ("a:\n  1: x\n", 2, "a mapping key must be plain text"),
        ("null: x\n", 1, "a mapping key must be plain text"),
        ("? [a, b]\n: 1\n", 1, "a mapping key must be plain text"),
        ("a: 1\n<<: {b: 2}\n", 2, "merge keys"),
        ("a: " + "9" * 5000 + "\n", 1, "a number is too long"),
        ("a: 1234567890123456789\n", 1, "more than 18 digits"),
        ("a: 0x1000000000000000\n", 1, "more than 18 digits"),
        ("a: .inf\n", 1, "infinite or not a number"),
        ("a: -.Inf\n", 1, "infinite or not a number"),
        ("a: .nan\n", 1, "infinite or not a number"),
        ("a: 1.0e+999\n", 1, "infinite or not a number"),
        ("a: !!int '\u0661\u0662'\n", 1, "ASCII digits"),
        ("a: !!int x\n", 1, "not a number"),
        ("a: !!null x\n", 1, "not null"),
        ("a: !!bool maybe\n", 1, "not a boolean"),
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key"),
        ("a: &x [1, *x]\n", 1, "contains it"),
        ("a: *nowhere\n", 1, "not defined"),
        ("a: 1\n---\nb: 2\n", 2, "more than one YAML document"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", 1, "nested too deeply"),
        ("a:\n" + "".join("  " * depth + "- \n" for depth in range(1, 80)), 65, "nested too deeply"),
        ("a: [1, 2\n", 2, "invalid YAML"),
        ("a: @x\n", 1, "invalid YAML"),
    ],
)
def test_anything_but_plain_yaml_is_refused_with_its_line(text, line, what):
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text)
    assert what in str(caught.value)
    assert caught.value.line == line


def test_alias_bomb_is_refused():
    previous = ["a"] + [f"b{i}" for i in range(29)]
    bomb = "a: &a [x, x]\n" + "".join(f"b{i}: &b{i} [*{p}, *{p}]\n" for i, p in enumerate(previous))
    with pytest.raises(YamlProblem, match=f"more than {MAX_ALIASES} YAML aliases"):
        parse_yaml(bomb)


def test_problems_never_quote_the_file():
    for text in (
        "ZZSECRET42: 1\nZZSECRET42: 2\n",
        "a: *ZZSECRET42\n",
        "a: !ZZSECRET42 x\n",
        "a: 'ZZSECRET42\n",
        "a: ZZSECRET42: b\n",
        'a: "\\qZZSECRET42"\n',
        "ZZSECRET42: [\n",
    ):
        with pytest.raises(YamlProblem) as caught:
            parse_yaml(text)
        assert "ZZSECRET42" not in str(caught.value), text


def test_lines_are_found_for_positions():
    document = load_yaml(
        "id: x\ndatasets:\n  - name: people\n    schema:\n      fields:\n"
        "        - {name: a}\n        - name: b\n          typ: s\n",
        first_line=1,
    )
    assert document.find(("datasets", 0, "schema", "fields", 1, "typ")) == (
        8,
        ("datasets", 0, "schema", "fields", 1, "typ"),
        True,
    )
    # A dataset may be named by its name; the path found has its index. A missing key gives its mapping's line.
    assert document.find(("datasets", "people", "schema", "fields", 1, "type")) == (
        7,
        ("datasets", 0, "schema", "fields", 1),
        False,
    )
    assert load_yaml("a: 1\nb: 2\n", first_line=2).line_of(("b",)) == 3


def test_output_does_not_depend_on_the_hash_seed():
    program = (
        "from generator.yamlfile import parse_yaml; "
        "print(repr(parse_yaml('b: 1\\na: [x, {z: 1, y: 2}]\\nc: {q: r, p: s}\\n')))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(sys.path[0])},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_a_large_release_file_loads():
    fields = "".join(
        f"      - name: col_{i}\n        type: string\n        title: Column {i}\n"
        f"        description: The column number {i}.\n"
        for i in range(5_000)
    )
    text = "id: big\ndatasets:\n  - name: big\n    fields:\n" + fields
    data = parse_yaml(text)  # how long 20,000 fields take is measured in bench/, never asserted here
    assert len(data["datasets"][0]["fields"]) == 5_000


YAMLISH = st.lists(
    st.sampled_from(
        [
            *"ab01:-[]{},&*!?|>'\"#\n .%@`~\\<=\t\u0085\u2028\ufeffé",
            "yes",
            "!!set",
            "!!int",
            "0x",
            ".inf",
            "<<",
            "1e+999",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_any_text_gives_plain_data_or_a_yaml_problem(text):
    try:
        data = parse_yaml(text)
    except YamlProblem as exc:
        assert exc.line >= 0
        return
    _assert_plain(data)


def _assert_plain(value, depth=0):
    assert depth < 100
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            _assert_plain(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _assert_plain(item, depth + 1)
    else:
        assert value is None or isinstance(value, str | bool | int | float)


def test_the_pure_python_parser_gives_the_same_results(monkeypatch):
    import yaml

    import generator.yamlfile as yamlfile

    class PythonLoader(yaml.SafeLoader):
        pass

    PythonLoader.yaml_implicit_resolvers = yamlfile._Loader.yaml_implicit_resolvers
    monkeypatch.setattr(yamlfile, "_Loader", PythonLoader)
    assert parse_yaml("a: 1\nb: [x, {c: 2020-01-02}]\n") == {"a": 1, "b": ["x", {"c": "2020-01-02"}]}
    for text, what in [
        ("a: !!set {x}\n", "YAML tag"),
        ("on: 1\n", "mapping key"),
        ("a: 'ZZSECRET42\n", "invalid"),
        ("a: @ZZSECRET42\n", "cannot start any token"),
        ('a: "\\ud800"\n', "lone surrogate"),
        ("a: " + "[" * 3000, "nested too deeply"),
    ]:
        with pytest.raises(YamlProblem) as caught:
            parse_yaml(text)
        assert what in str(caught.value) and "ZZSECRET42" not in str(caught.value)
