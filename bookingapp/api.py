"""Plain HTTP routes next to the Reflex app: health, gateway webhooks."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bookingapp.db import read_only, unit_of_work
from bookingapp.integrations.gateways import get_gateway
from bookingapp.services import webhooks

log = logging.getLogger(__name__)


async def health(_request: Request) -> JSONResponse:
    try:
        with read_only() as session:
            session.exec(text("SELECT 1"))
    except Exception as exc:  # report, never crash the probe
        return JSONResponse({"status": "error", "database": str(exc)[:200]}, status_code=503)
    return JSONResponse({"status": "ok"})


async def stripe_webhook(request: Request) -> JSONResponse:
    gateway = get_gateway()
    if not hasattr(gateway, "parse_webhook"):
        return JSONResponse({"error": "webhooks are not enabled in local mode"}, status_code=404)
    body = await request.body()
    from bookingapp.integrations.stripe_gateway import WebhookRejected

    try:
        event = gateway.parse_webhook(body, request.headers.get("stripe-signature", ""))
    except WebhookRejected as error:
        log.warning("stripe webhook rejected: %s", error)
        return JSONResponse({"error": "invalid signature"}, status_code=400)
    result = await asyncio.to_thread(_apply, event)
    return JSONResponse({"received": True, "result": result})


def _apply(event: dict) -> str:
    with unit_of_work() as session:
        row = webhooks.record_event(session, gateway="stripe", event=event)
        if row is None:
            return "duplicate"
        return webhooks.process_event(session, row)


def create_api() -> Starlette:
    return Starlette(routes=[
        Route("/api/health", health),
        Route("/api/webhooks/stripe", stripe_webhook, methods=["POST"]),
    ])
