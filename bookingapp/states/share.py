"""Share your booking page: its link, QR code and embed snippet."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import unit_of_work
from bookingapp.services import share
from bookingapp.states.base import AppState


class ShareState(AppState):
    loaded: bool = False
    url: str = ""
    snippet: str = ""
    qr_src: str = ""
    qr_download: str = ""
    copied: str = ""  # "link" | "snippet": which copy button says "Copied"

    @rx.event
    def load(self):
        self.copied = ""
        actor = self._actor()
        if actor is None:
            return
        # Opening this page completes the checklist's last step: the owner has the link now.
        with unit_of_work() as session:
            share.mark_shared(session, actor=actor)
            kit = share.share_kit(session, actor=actor)
        self.url, self.snippet, self.qr_src = kit.url, kit.embed_snippet, kit.qr_data_uri
        self.qr_download = kit.qr_download
        self.loaded = True

    @rx.event
    def copy_link(self):
        actor = self._actor()
        if actor is not None:
            with unit_of_work() as session:
                share.mark_shared(session, actor=actor)
        self.copied = "link"
        return rx.set_clipboard(self.url)

    @rx.event
    def copy_snippet(self):
        self.copied = "snippet"
        return rx.set_clipboard(self.snippet)
