"""Plain HTTP routes next to the Reflex app: health, gateway webhooks, the portal's QR
code, staff members' calendar feeds; and the framing rule: only the portal (/b/…) may be
shown inside another site."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import NotFound
from bookingapp.integrations.gateways import get_gateway
from bookingapp.models import utcnow
from bookingapp.services import calendar_feed, share, webhooks

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


async def portal_qr_code(request: Request) -> Response:
    """GET /api/qr/<slug>?format=png|svg: the QR code of a portal's address, as a download."""
    kind = "svg" if request.query_params.get("format") == "svg" else "png"
    try:
        with read_only() as session:
            body = share.qr_code_of(session, slug=request.path_params["slug"], kind=kind)
    except NotFound:
        return JSONResponse({"error": "not found"}, status_code=404)
    media = "image/svg+xml" if kind == "svg" else "image/png"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="booking-page-qr.{kind}"', "Cache-Control": "no-store"})


async def staff_feed(request: Request) -> Response:
    """GET /api/feed/<token>.ics: a staff member's calendar, for calendar apps to subscribe to.
    Every address that opens nothing (guessed, replaced, a deactivated member's) gets the
    same 404, so an answer tells nothing about why."""
    try:
        body = await asyncio.to_thread(_feed, request.path_params["token"])
    except NotFound:
        return PlainTextResponse("Not found", status_code=404, headers=_PRIVATE)
    return Response(body, media_type="text/calendar; charset=utf-8", headers={
        **_PRIVATE, "Content-Disposition": 'inline; filename="bookings.ics"'})


# The feed names customers and carries their manage links: no shared cache may keep it.
_PRIVATE = {"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}


def _feed(token: str) -> str:
    with read_only() as session:
        return calendar_feed.feed_ics(session, token=token, now=utcnow())


class FramingRule:
    """Pages may be framed by another site only under /b/ (the embeddable portal); the
    dashboard, sign-in and manage pages refuse it, so no site can overlay them (clickjacking)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        embeddable = scope.get("path", "").startswith("/b/")

        async def send_with_rule(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if embeddable:
                    headers["Content-Security-Policy"] = "frame-ancestors *"
                else:
                    headers["Content-Security-Policy"] = "frame-ancestors 'self'"
                    headers["X-Frame-Options"] = "SAMEORIGIN"
            await send(message)

        await self.app(scope, receive, send_with_rule)


def create_api() -> Starlette:
    return Starlette(routes=[
        Route("/api/health", health),
        Route("/api/webhooks/stripe", stripe_webhook, methods=["POST"]),
        Route("/api/qr/{slug}", portal_qr_code),
        Route("/api/feed/{token}.ics", staff_feed),
    ], middleware=[Middleware(FramingRule)])
