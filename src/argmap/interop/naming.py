"""Identifiers for what a reader brings in: other formats name their
elements with numbers (AIF's `nodeID`), free titles (Argdown) or XML ids,
and argmap needs identifiers of the language, unique within a map. The
rule itself is the writer's (`write.make_id`): one rule for every reader.
"""

from __future__ import annotations

import re

from argmap.interop.write import RESERVED, make_id

_ID = re.compile(r"[^\W\d]\w*\Z")  # the grammar's ID


def is_identifier(name: str) -> bool:
    """A valid id of the language that the parser cannot take for a keyword."""
    return bool(_ID.match(name)) and name not in RESERVED


class Names:
    """Hands out unique identifiers within one map (ids and labels share
    one namespace)."""

    def __init__(self, taken=()):
        self.taken: set[str] = set(taken)

    def claim(self, raw: str, prefix: str = "n") -> str:
        """`raw` made an identifier (`prefix` before it when it does not
        start with a letter), made unique with `_2`, `_3`, …, and reserved."""
        return make_id(raw, self.taken, prefix)

    def keep(self, name: str) -> bool:
        """Reserve `name` as it is, if it is a free identifier."""
        if not is_identifier(name) or name in self.taken:
            return False
        self.taken.add(name)
        return True
