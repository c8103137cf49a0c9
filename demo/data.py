"""The demo's content, read from the JSON files in demo/data/.

Texts may hold `{placeholders}` filled per territory (see
`DemoTerritory.text_vars`); `fill` applies them through nested lists and dicts.
"""

import json
import uuid
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def load(name):
    """The parsed content of `demo/data/<name>.json` (cached; treat it as read-only)."""
    with open(DATA_DIR / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


class _KeepUnknown(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def fill(value, variables):
    """`value` with every known `{placeholder}` in its strings replaced from `variables`."""
    if not isinstance(variables, _KeepUnknown):
        variables = _KeepUnknown(variables)
    if isinstance(value, str):
        return value.format_map(variables) if "{" in value else value
    if isinstance(value, list):
        return [fill(item, variables) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, variables) for key, item in value.items()}
    return value


def items(values):
    """A ListBlock value in the block format, each item with its own id."""
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


# The ListBlock fields of the blocks used in the data files: their plain lists get item ids.
LIST_FIELDS = {"key_figures": ("figures",)}


def stream(blocks):
    """StreamField data (with ids) from the data files' `{type, value}` blocks."""
    result = []
    for block in blocks:
        value = block["value"]
        list_fields = LIST_FIELDS.get(block["type"], ())
        if list_fields:
            value = {key: items(item) if key in list_fields else item for key, item in value.items()}
        result.append({"type": block["type"], "value": value, "id": str(uuid.uuid4())})
    return result
