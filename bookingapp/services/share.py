"""Share your booking page: its address, a QR code of it and a snippet to embed it."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import datetime
from html import escape
from urllib.parse import quote

import segno
from sqlmodel import Session

from bookingapp import routes
from bookingapp.domain.errors import NotFound, PermissionDenied
from bookingapp.domain.user_input import LinkToken, user_input
from bookingapp.models import Organization, utcnow
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor
from bookingapp.services.portal import resolve_slug
from bookingapp.settings import get_settings


@dataclass(frozen=True)
class ShareKit:
    url: str
    embed_snippet: str
    qr_data_uri: str  # an SVG, inline
    qr_download: str  # the API route with the QR code as a file (`?format=png|svg`)


def portal_url(slug: str) -> str:
    return get_settings().public_base_url.rstrip("/") + routes.portal(slug)


def embed_snippet(url: str, title: str) -> str:
    """An iframe of the portal without its outer frame, for any plain HTML page."""
    return (f'<iframe src="{escape(url)}?embed=1" title="{escape(title)}" width="100%" height="720" '
            f'style="border:0;max-width:40rem" loading="lazy"></iframe>')


def qr_svg(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False)
    return out.getvalue()


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=10, border=2)
    return out.getvalue()


def _organization(session: Session, actor: Actor, *, lock: bool = False) -> Organization:
    if not actor.is_staff:
        raise PermissionDenied()
    org = session.get(Organization, actor.organization_id, with_for_update=lock)
    if org is None:
        raise NotFound()
    return org


def share_kit(session: Session, *, actor: Actor) -> ShareKit:
    org = _organization(session, actor)
    url = portal_url(org.slug)
    svg = base64.b64encode(qr_svg(url)).decode()
    return ShareKit(url=url, embed_snippet=embed_snippet(url, org.name), qr_data_uri=f"data:image/svg+xml;base64,{svg}",
                    qr_download=f"/api/qr/{quote(org.slug)}")


def mark_shared(session: Session, *, actor: Actor, now: datetime | None = None) -> Organization:
    """The checklist's last step: done the first time the page is opened or its link copied."""
    org = _organization(session, actor, lock=True)
    if org.shared_at is None:
        org.shared_at = now or utcnow()
        session.add(org)
        log_action(session, actor=actor, action="organization.shared", organization_id=org.id)
    return org


@user_input
def qr_code_of(session: Session, *, slug: LinkToken, kind: LinkToken = "png") -> bytes:
    """The QR code of a portal's address (public: the address is on the portal itself);
    an old address gives the current one's code."""
    current = resolve_slug(session, slug)
    if current is None:
        raise NotFound()
    url = portal_url(current)
    return qr_svg(url) if kind == "svg" else qr_png(url)
