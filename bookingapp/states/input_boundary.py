"""The event boundary: every browser event's arguments are cleaned before any handler runs.

Registered on the app as its first middleware, so no handler, present or future, sees a
NUL, a lone surrogate or a 10 MB paste (the rules are `domain.user_input`'s). Values
from the address bar are read through `AppState._query` and `_param`, which apply the
same rules.
"""

from __future__ import annotations

from reflex.middleware import Middleware

from bookingapp.domain.user_input import clean_event_payload


class InputBoundary(Middleware):
    async def preprocess(self, app, state, event):
        # Event is a frozen dataclass, but its payload dict is the one the handler gets.
        cleaned = clean_event_payload(event.payload)
        event.payload.clear()
        event.payload.update(cleaned)
        return None
