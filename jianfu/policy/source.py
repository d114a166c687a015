"""YAML that remembers where each key stood, so that pack errors can name the file and the line."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml


class LineDict(dict):
    """A mapping from YAML; `lines[key]` is the 1-based line of the key, `line` that of the mapping."""

    line = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}


class LineList(list):
    line = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[int] = []


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    key: str
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.key}: {self.zh} / {self.en}"


class PackError(Exception):
    """A pack was refused at load; `problems` says where and what, in Chinese and English."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# libyaml's parser where PyYAML was built with it (about 7× faster to load a pack: start-up of `jianfu
# screen` and of every worker); the constructors and resolvers below are the same either way.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


# YAML 1.2 booleans only: under YAML 1.1 the negative list's key `no:` would read as False.
_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    """Keys written twice are an error; a key written over one merged in with `<<:` overrides it."""
    own = {id(key) for key, _ in node.value if key.tag != "tag:yaml.org,2002:merge"}
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    written = set()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if id(key_node) in own:
            if key in written:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            written.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def read_yaml(path: Path, label: str):
    """Parse one file; a syntax error becomes a PackError naming the file and line."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise PackError(
            [Problem(label, line, "-", f"YAML 语法错误：{error.problem}", f"YAML syntax error: {error.problem}")]
        ) from None
