"""What any typed or linked input must satisfy before it reaches the database.

PostgreSQL refuses NUL in text and integers beyond 32 bits; SQLite takes both. So that
a pasted control character or an edited link gets a clear answer (or nothing) on either
engine instead of a server error, inputs pass through here.
"""

from __future__ import annotations

import re

MAX_ROW_ID = 2**31 - 1  # PostgreSQL INTEGER primary keys
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 controls and DEL, but not tab/newline/CR


def without_control_chars(text: str) -> str:
    return _CONTROL.sub("", text)


def is_row_id(value: int) -> bool:
    return 0 < value <= MAX_ROW_ID
