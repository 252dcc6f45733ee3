"""A reader for the YAML that docker-compose.yml is written in.

PyYAML is not among the project's locked dependencies, so the compose test
reads the file with this: block mappings and sequences of scalars, JSON-style
flow sequences, quoted and plain scalars, comments, anchors (``&name``),
aliases (``*name``) and merge keys (``<<: *name``). Anything else in the file
(a folded scalar, a sequence of mappings, a tab) is refused with the line
number, so the test never reads the file wrongly in silence.
"""

from __future__ import annotations

import json
import re

_KEY = re.compile(
    r"^(?P<key>[^\s'\"#][^:#]*?|\"[^\"]*\"|'[^']*'):(?:\s+(?P<rest>.*))?$"
)


class ComposeYamlError(ValueError):
    pass


def _strip_comment(text: str) -> str:
    quote = None
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return text[:index].rstrip()
    return text.rstrip()


def _scalar(text: str, number: int):
    if text.startswith(("[", '"')):
        try:
            return json.loads(text)
        except ValueError:
            raise ComposeYamlError(f"line {number}: unreadable {text!r}") from None
    if text.startswith("'") and text.endswith("'") and len(text) >= 2:
        return text[1:-1].replace("''", "'")
    if text[:1] in "{|>!%@`":
        raise ComposeYamlError(f"line {number}: unsupported {text!r}")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return {"true": True, "false": False, "null": None, "~": None}.get(text, text)


def load(text: str) -> dict:
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise ComposeYamlError(f"line {number}: tab in indentation")
        content = _strip_comment(raw)
        if content.strip():
            lines.append(
                (number, len(content) - len(content.lstrip()), content.strip())
            )
    anchors: dict[str, object] = {}
    position = 0

    def value_of(rest: str, number: int, indent: int):
        anchor = None
        if rest.startswith("&"):
            anchor, _, rest = rest.partition(" ")
            anchor, rest = anchor[1:], rest.strip()
        if not rest:
            value = block(indent)
        elif rest.startswith("*"):
            if rest[1:] not in anchors:
                raise ComposeYamlError(f"line {number}: unknown alias {rest}")
            value = anchors[rest[1:]]
        else:
            value = _scalar(rest, number)
        if anchor:
            anchors[anchor] = value
        return value

    def block(parent_indent: int):
        nonlocal position
        if position >= len(lines) or lines[position][1] <= parent_indent:
            return None
        indent = lines[position][1]
        if lines[position][2].startswith("- ") or lines[position][2] == "-":
            items = []
            while position < len(lines) and lines[position][1] == indent:
                number, _, content = lines[position]
                if not content.startswith("-"):
                    raise ComposeYamlError(f"line {number}: expected '- '")
                item = content[1:].strip()
                if not item or _KEY.match(item) and not item.startswith(('"', "[")):
                    raise ComposeYamlError(f"line {number}: unsupported list item")
                position += 1
                items.append(_scalar(item, number))
            return items
        mapping: dict = {}
        merged: dict = {}
        while position < len(lines) and lines[position][1] == indent:
            number, _, content = lines[position]
            match = _KEY.match(content)
            if not match:
                raise ComposeYamlError(f"line {number}: expected 'key: value'")
            key = match["key"].strip()
            key = key[1:-1] if key[:1] in "\"'" else key
            position += 1
            value = value_of((match["rest"] or "").strip(), number, indent)
            if key == "<<":
                if not isinstance(value, dict):
                    raise ComposeYamlError(f"line {number}: merge of a non-mapping")
                merged.update(value)
            elif key in mapping:
                raise ComposeYamlError(f"line {number}: duplicate key {key!r}")
            else:
                mapping[key] = value
        if position < len(lines) and lines[position][1] > indent:
            raise ComposeYamlError(f"line {lines[position][0]}: bad indentation")
        return {**merged, **mapping}

    document = block(-1)
    if position != len(lines):
        raise ComposeYamlError(f"line {lines[position][0]}: bad indentation")
    return document or {}
