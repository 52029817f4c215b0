"""YAML read within bounds: a size, a nesting depth, and a number of nodes counted with every alias
expanded, so that a small file of anchors and aliases (an "alias bomb") cannot make the work that
reads it — validation, the walk that finds each field's line — take gigabytes.

PyYAML's SafeLoader composes an alias as a reference to the anchored node, which costs nothing
there; the cost comes later, in whatever walks the tree. The composer here adds, for each alias,
the size of the tree it stands for, and stops at ``max_nodes``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64


class YamlBoundsError(ValueError):
    """The YAML is past a bound; ``line`` (1-based) is where that was seen, when known."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream: str, *, max_nodes: int, max_depth: int) -> None:
        super().__init__(stream)
        self._max_nodes = max_nodes
        self._max_depth = max_depth
        self._expanded = 0
        self._depth = 0
        self._sizes: dict[int, int] = {}  # id of a composed node -> size with aliases expanded

    def _count(self, size: int, mark: yaml.Mark | None) -> None:
        self._expanded += size
        if self._expanded > self._max_nodes:
            raise YamlBoundsError(
                f"more than {self._max_nodes:,} values once its aliases are expanded "
                "(an alias bomb?): not read",
                line=mark.line + 1 if mark else None,
            )

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            target = self.anchors.get(event.anchor)
            if target is not None:
                size = self._sizes.get(id(target))
                if size is None:  # the anchor's own node is still being read
                    raise YamlBoundsError(
                        f"alias *{event.anchor} refers to a node that contains it: not read",
                        line=event.start_mark.line + 1,
                    )
                self._count(size, event.start_mark)
            return super().compose_node(parent, index)  # an unknown alias: PyYAML's own error
        self._depth += 1
        if self._depth > self._max_depth:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise YamlBoundsError(
                f"nested more than {self._max_depth} levels deep: not read", line=mark.line + 1
            )
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is None:
            return None
        size = 1
        if isinstance(node, yaml.SequenceNode):
            size += sum(self._sizes[id(child)] for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            size += sum(self._sizes[id(k)] + self._sizes[id(v)] for k, v in node.value)
        self._sizes[id(node)] = size
        self._count(1, node.start_mark)
        return node


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """A YAML file's text, refused unread past ``max_bytes``; OSError and UnicodeDecodeError as
    reading raises them."""
    with path.open("rb") as handle:
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise YamlBoundsError(f"larger than {max_bytes // 1024} KiB: not read")
    return raw.decode("utf-8")


def load(
    text: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_nodes: int = MAX_NODES,
    max_depth: int = MAX_DEPTH,
) -> tuple[Any, yaml.Node | None]:
    """The data of a one-document YAML text and its node tree (None for an empty text).

    Raises YamlBoundsError past a bound, and yaml.YAMLError for text that is not YAML."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise YamlBoundsError(f"larger than {max_bytes // 1024} KiB ({size:,} bytes): not read")
    loader = _BoundedLoader(text, max_nodes=max_nodes, max_depth=max_depth)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        try:
            return loader.construct_document(node), node
        except (ValueError, OverflowError) as exc:  # an integer of 5000 digits, a day 0
            problem = " ".join(str(exc).split())[:120]
            raise YamlBoundsError(
                f"a value that cannot be read ({problem})", line=_line_of(exc, node)
            ) from exc
    finally:
        loader.dispose()


def _line_of(error: BaseException, node: yaml.Node) -> int | None:
    mark = getattr(error, "problem_mark", None) or node.start_mark
    return int(mark.line) + 1 if mark is not None else None
