"""A portal address a business no longer uses leads to its new one (/b/<old>/… → /b/<new>/…)."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only
from bookingapp.services import portal
from bookingapp.states.base import AppState


def moved_portal(state: AppState) -> rx.event.EventSpec | None:
    """For a portal state whose organization was not found: the redirect to the same page
    under the business's current address, when the address in the link is an old one."""
    old = state._param("org")
    with read_only() as session:
        current = portal.resolve_slug(session, old)
    if current is None or current == old:
        return None
    path = state.router.url.path
    prefix = routes.portal(old)
    rest = path[len(prefix):] if path.startswith(prefix) else ""
    query = state.router.url.query
    return rx.redirect(routes.portal(current) + rest + (f"?{query}" if query else ""), replace=True)
