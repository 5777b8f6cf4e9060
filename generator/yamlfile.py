"""Strict YAML reading: plain data only, with the line of every value kept for error messages.

Only what a release.yml or an opinion's front matter needs is accepted: text, integers
(at most 18 digits), finite floats, booleans, null, lists and mappings with text keys.
Anything else is a YamlProblem naming the line: explicit tags other than the core ones
(``!!set``, ``!!omap``, ``!!binary``, ``!custom``…), merge keys, keys that YAML 1.1 reads
as booleans or numbers (``yes:``, ``on:``, ``1:``), duplicate keys, more than a few aliases,
aliases that contain themselves, deep nesting and a second document.

The document is composed from the parser's events without recursion (so nesting cannot
exhaust the stack), using libyaml's parser when it is available. Messages never quote the
text of the file: CI logs of public repositories are public.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# A handful of aliases is legitimate; a "billion laughs" file uses thousands.
MAX_ALIASES = 20
# Deeper than any content format needs, far shallower than any stack limit.
MAX_DEPTH = 64
MAX_INTEGER_DIGITS = 18

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, SEQ, MAP = (_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map"))
_SCALAR_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL})
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLEANS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_SURROGATE = re.compile("[\ud800-\udfff]")
# Quoted fragments of a parser's message (a character, an anchor or a tag) come from the file.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_ONLY_CORE_TAGS = "a YAML tag other than the core ones (text, numbers, booleans, null, lists, mappings) is not allowed"

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlProblem(ValueError):
    """A YAML document that is malformed or unsafe, with its line number (1-based; 0 if unknown)."""

    def __init__(self, line: int, what: str) -> None:
        self.line = line
        super().__init__(what)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The parser and resolver of PyYAML's safe loader; composing and constructing are done here."""


# Dates stay text here: the schemas parse them, so a bad date is reported with its field.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TAG + "timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CONSTRUCTOR = SafeConstructor()


class _Block(int):
    """The (0-based) line of a block scalar (``|`` or ``>``), whose text starts on the next line."""


@dataclass(frozen=True, slots=True)
class _Map:
    line: int
    keys: dict[str, tuple[int, _Place]]  # each key's line, and its value's place


@dataclass(frozen=True, slots=True)
class _Seq:
    line: int
    items: list[_Place]
    names: dict[str, int]  # the index of each item that is a mapping with a text ``name``


# Where each value of a document is: a scalar's line, or a collection's line and its children.
# Kept instead of PyYAML's nodes, which are many times larger, while errors are being collected.
_Place = int | _Map | _Seq


def _line(place: _Place) -> int:
    return place if isinstance(place, int) else place.line


@dataclass(frozen=True)
class YamlDocument:
    """A parsed document: its plain data, and where each value is, for naming lines in errors."""

    data: Any
    root: _Place | None
    first_line: int = 1

    def find(self, loc: tuple[int | str, ...]) -> tuple[int, tuple[int | str, ...], bool]:
        """The line of the value at ``loc`` (keys and list indexes), the part of ``loc`` found, and
        whether all of it was found.

        A text part at a list is matched against the ``name`` of the list's mappings, so a dataset
        can be found by its name; the returned path has its index instead. Where a part is missing,
        the line is that of the deepest value found.
        """
        line, found, complete, _ = self._walk(loc)
        return line, found, complete

    def line_of(self, loc: tuple[int | str, ...]) -> int:
        return self.find(loc)[0]

    def text_start(self, loc: tuple[int | str, ...]) -> tuple[int, bool]:
        """The line a text value's first line is on, and whether it is a block scalar (``|`` or ``>``),
        whose lines are the file's lines; a block scalar starts below its key."""
        line, _, complete, place = self._walk(loc)
        if complete and isinstance(place, _Block):
            return place + self.first_line + 1, True
        return line, False

    def _walk(self, loc: tuple[int | str, ...]) -> tuple[int, tuple[int | str, ...], bool, _Place | None]:
        place = self.root
        found: list[int | str] = []
        line = _line(place) if place is not None else 0
        for part in loc:
            child: _Place | None = None
            if isinstance(place, _Map) and isinstance(part, str) and part in place.keys:
                # The key's own line: a value may start on the next one (a list, a block).
                line, child = place.keys[part]
            elif isinstance(place, _Seq):
                index = part if isinstance(part, int) else place.names.get(part)
                if index is not None and 0 <= index < len(place.items):
                    child, part = place.items[index], index
                    line = _line(child)
            if child is None:
                return line + self.first_line, tuple(found), False, place
            place = child
            found.append(part)
        return line + self.first_line, tuple(found), True, place


def parse_yaml(text: str) -> Any:
    """Parse one YAML document strictly into plain data; raise YamlProblem with a line number."""
    return load_yaml(text).data


def load_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document strictly; lines in problems and ``find`` are counted from first_line."""
    try:
        root = _compose(_Loader(text))
        data, places = (None, None) if root is None else _construct(root)
    except YamlProblem as exc:
        raise YamlProblem(exc.line + first_line - 1 if exc.line else 0, str(exc)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else 0
        problem = " ".join(_QUOTED.sub("", exc.problem).split()) if exc.problem else type(exc).__name__
        raise YamlProblem(line, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + first_line if isinstance(exc.position, int) else 0
        raise YamlProblem(line, "the file holds a character YAML does not allow (a control character?)") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(0, f"invalid YAML: {type(exc).__name__}") from None
    return YamlDocument(data, places, first_line)


def _compose(loader: _Loader) -> Node | None:
    """The node tree of the only document, built from events with an explicit stack."""
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        root = _compose_document(loader)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise YamlProblem(loader.peek_event().start_mark.line + 1, "the file holds more than one YAML document")
        return root
    finally:
        loader.dispose()


def _compose_document(loader: _Loader) -> Node:
    anchors: dict[str, Node] = {}
    open_anchors: set[str] = set()
    aliases = 0
    # Resolving a plain scalar's type tries several patterns; short values repeat a lot (types, keys).
    resolved: dict[tuple[str, Any], str] = {}
    # Each open collection, with the anchor it was given (if any).
    stack: list[tuple[Node, str | None]] = []
    root: Node | None = None
    while True:
        event: Any = loader.get_event()
        line = event.start_mark.line + 1
        node: Node | None = None
        if type(event) is yaml.ScalarEvent:  # the most common event first
            tag = event.tag
            if tag is None or tag == "!":
                key = (event.value, event.implicit)
                tag = resolved.get(key) if len(event.value) < 40 else None
                if tag is None:
                    tag = loader.resolve(ScalarNode, event.value, event.implicit)
                    if len(event.value) < 40:
                        resolved[key] = tag
            marks: tuple[Any, Any] = (event.start_mark, event.end_mark)
            node = ScalarNode(tag, event.value, *marks, style=event.style)
            if event.anchor is not None:
                anchors[event.anchor] = node
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise YamlProblem(line, f"more than {MAX_ALIASES} YAML aliases")
            if event.anchor in open_anchors:
                raise YamlProblem(line, "a YAML alias refers to a value that contains it")
            if event.anchor not in anchors:
                raise YamlProblem(line, "a YAML alias refers to an anchor that is not defined before it")
            node = anchors[event.anchor]
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(line, f"the YAML is nested too deeply (more than {MAX_DEPTH} levels)")
            is_sequence = isinstance(event, yaml.SequenceStartEvent)
            kind = SequenceNode if is_sequence else MappingNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(kind, None, event.implicit)
            start: Any = event.start_mark
            collection = kind(tag, [], start, None, flow_style=event.flow_style)
            if event.anchor is not None:
                anchors[event.anchor] = collection
                open_anchors.add(event.anchor)
            stack.append((collection, event.anchor))
            continue
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            node, anchor = stack.pop()
            node.end_mark = event.end_mark
            if anchor is not None:
                open_anchors.discard(anchor)
        else:  # pragma: no cover - the parser emits nothing else inside a document
            raise YamlProblem(line, "unexpected YAML structure")
        if not stack:
            root = node
            return root
        parent = stack[-1][0]
        if isinstance(parent, SequenceNode):
            parent.value.append(node)
        elif parent.value and len(parent.value[-1]) == 1:
            parent.value[-1] = (parent.value[-1][0], node)
        else:
            parent.value.append((node,))


def _construct(root: Node) -> tuple[Any, _Place]:
    """Plain Python data and its places from a checked node tree (depth is bounded, so recursion is safe)."""
    built: dict[int, tuple[Any, _Place]] = {}

    def build(node: Node) -> tuple[Any, _Place]:
        if id(node) in built:
            return built[id(node)]
        line = node.start_mark.line
        place: _Place
        if isinstance(node, ScalarNode):
            value = _scalar(node, line + 1)
            place = _Block(line) if node.style in ("|", ">") else line
        elif isinstance(node, SequenceNode):
            if node.tag != SEQ:
                raise YamlProblem(line + 1, _ONLY_CORE_TAGS)
            items = [build(item) for item in node.value]
            value = [item for item, _ in items]
            names: dict[str, int] = {}
            for index, item in enumerate(value):
                if isinstance(item, dict) and isinstance(item.get("name"), str):
                    names.setdefault(item["name"], index)
            place = _Seq(line, [item_place for _, item_place in items], names)
        else:
            if node.tag != MAP:
                raise YamlProblem(line + 1, _ONLY_CORE_TAGS)
            value = {}
            keys: dict[str, tuple[int, _Place]] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line
                if key_node.tag == _TAG + "merge":
                    raise YamlProblem(key_line + 1, "YAML merge keys (<<) are not supported; write the keys out")
                if not isinstance(key_node, ScalarNode) or key_node.tag != STR:
                    raise YamlProblem(
                        key_line + 1,
                        "a mapping key must be plain text (YAML reads unquoted yes, no, on, "
                        "off, null and numbers as other types; quote such a key)",
                    )
                key = _scalar(key_node, key_line + 1)
                if key in value:
                    raise YamlProblem(key_line + 1, "duplicate key (the same key appears twice in one mapping)")
                value[key], child = build(value_node)
                keys[key] = (key_line, child)
            place = _Map(line, keys)
        built[id(node)] = (value, place)
        return value, place

    return build(root)


def _scalar(node: ScalarNode, line: int) -> Any:
    tag, text = node.tag, node.value
    if tag not in _SCALAR_TAGS:
        raise YamlProblem(line, _ONLY_CORE_TAGS)
    if not text.isascii() and _SURROGATE.search(text):
        raise YamlProblem(line, "an escape gives a lone surrogate (\\uD800-\\uDFFF), which is not text")
    if tag == STR:
        return text
    if tag == NULL:
        if text not in _NULLS:
            raise YamlProblem(line, "a value tagged !!null is not null")
        return None
    if tag == BOOL:
        if text.lower() not in _BOOLEANS:
            raise YamlProblem(line, "a value tagged !!bool is not a boolean")
        return _BOOLEANS[text.lower()]
    if not text.isascii() or len(text) > 4 * MAX_INTEGER_DIGITS:
        raise YamlProblem(line, "a number is too long or not written in ASCII digits")
    try:
        number = (_CONSTRUCTOR.construct_yaml_int if tag == INT else _CONSTRUCTOR.construct_yaml_float)(node)
    except (ValueError, TypeError, IndexError):
        raise YamlProblem(line, "a value tagged as a number is not a number") from None
    if isinstance(number, int) and abs(number) >= 10**MAX_INTEGER_DIGITS:
        raise YamlProblem(line, f"an integer has more than {MAX_INTEGER_DIGITS} digits (quote it to make it text)")
    if isinstance(number, float) and not math.isfinite(number):
        raise YamlProblem(line, "a number is infinite or not a number (.inf, .nan); quote it to make it text")
    return number
