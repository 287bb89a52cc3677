"""Plain HTTP routes next to the Reflex app: health (and later webhooks, .ics)."""

from __future__ import annotations

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bookingapp.db import read_only


async def health(_request: Request) -> JSONResponse:
    try:
        with read_only() as session:
            session.exec(text("SELECT 1"))
    except Exception as exc:  # report, never crash the probe
        return JSONResponse({"status": "error", "database": str(exc)[:200]}, status_code=503)
    return JSONResponse({"status": "ok"})


def create_api() -> Starlette:
    return Starlette(routes=[Route("/api/health", health)])
