"""What the browser's own address says, known on the client before any round trip."""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import VarData


def address_param(name: str) -> rx.Var[str]:
    """A route parameter of the address the browser shows now (React Router's `useParams`).

    A state's copy of the route (`State.token` and the like) changes only when the page's
    on_load has been answered; this one changes with the move itself, so a page can tell
    at once whether its state already holds what its address asks for."""
    return rx.Var(
        _js_expr=f"(routeParams[{name!r}] ?? '')",
        _var_type=str,
        _var_data=VarData(imports={"react-router": "useParams"}, hooks={"const routeParams = useParams();": None}),
    )
