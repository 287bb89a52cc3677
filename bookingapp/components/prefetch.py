"""Load a page's code before the user needs it.

Booking on the portal ends with a move to the booking's manage page. Without this the
browser starts fetching that page's modules only after the booking succeeded; with it
they are in the module cache by the time the customer presses the button.
"""

from __future__ import annotations

import reflex as rx

from bookingapp import routes


class PrefetchPageLinks(rx.Component):
    """React Router's `<PrefetchPageLinks>`: `<link rel="modulepreload">` for the modules of
    the route that `page` matches (any token matches the manage page's route)."""

    library = "react-router"
    tag = "PrefetchPageLinks"

    page: rx.Var[str]


def prefetch_manage_page() -> rx.Component:
    return PrefetchPageLinks.create(page=routes.manage("prefetch"))
