"""Strict YAML reading: safe types only, no duplicate keys, bounded aliases."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml

# A handful of aliases is legitimate; a "billion laughs" file uses thousands.
MAX_ALIASES = 20


class YamlProblem(ValueError):
    """A YAML document that is malformed or unsafe, with its line number."""

    def __init__(self, line: int, what: str) -> None:
        self.line = line
        super().__init__(what)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and counts alias expansions."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise YamlProblem(mark.line + 1, f"more than {MAX_ALIASES} YAML aliases")
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise YamlProblem(key_node.start_mark.line + 1, "a mapping key must be a plain value")
            if key in seen:
                raise YamlProblem(key_node.start_mark.line + 1, f"duplicate key '{key}'")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Dates stay text here: the schemas parse them, so a bad date is reported with its field.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str) -> Any:
    """Parse one YAML document strictly; raise YamlProblem with a line number."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise YamlProblem(line, f"invalid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(0, f"invalid YAML: {type(exc).__name__}") from None
    except RecursionError:
        raise YamlProblem(0, "the YAML is nested too deeply") from None
