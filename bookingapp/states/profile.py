"""The signed-in member's profile: their private calendar feed address."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import DomainError
from bookingapp.services import calendar_feed
from bookingapp.states.base import AppState


class ProfileState(AppState):
    loaded: bool = False
    feed_url: str = ""
    webcal_url: str = ""
    copied: bool = False
    confirming: bool = False  # the "Replace address?" dialog
    notice: str = ""
    error: str = ""

    def _show(self, address: calendar_feed.FeedAddress) -> None:
        self.feed_url = address.url
        self.webcal_url = address.webcal
        self.loaded = True

    @rx.event
    def load(self):
        self.copied = False
        self.confirming = False
        self.notice = ""
        self.error = ""
        actor = self._actor()
        if actor is None:
            return
        try:
            with unit_of_work() as session:
                address = calendar_feed.feed_address(session, actor=actor)
        except DomainError as error:
            self.error = self._message(error)
            return
        self._show(address)

    @rx.event
    def copy_address(self):
        self.copied = True
        return rx.set_clipboard(self.feed_url)

    @rx.event
    def set_confirming(self, open_: bool):
        self.confirming = open_

    @rx.event
    def replace_address(self):
        self.confirming = False
        actor = self._actor()
        if actor is None:
            return AppState.require_staff
        try:
            with unit_of_work() as session:
                address = calendar_feed.replace_feed_token(session, actor=actor)
        except DomainError as error:
            self.error = self._message(error)
            return None
        self._show(address)
        self.copied = False
        self.notice = self._("Your address was replaced and the old one stopped working. Subscribe again with the new one.")
        return None
