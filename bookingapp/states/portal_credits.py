"""/b/<org>/credits: the signed-in customer's balance, the packs for sale, buying one with a
card (one purchase per form submission), and the packs they bought."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from bookingapp import routes
from bookingapp.db import get_engine, read_only
from bookingapp.domain.errors import DomainError, NotFound, PaymentDeclined
from bookingapp.domain.formatting import fmt_date, fmt_money
from bookingapp.domain.i18n_marks import N_
from bookingapp.integrations.gateways import get_gateway
from bookingapp.models import utcnow
from bookingapp.services import credit_packs, credits, customer_accounts
from bookingapp.services.customer_accounts import customer_actor
from bookingapp.states.card_form import card_from_form
from bookingapp.states.customer_account import CustomerAccountState
from bookingapp.states.portal_address import moved_portal

PURCHASE_LABELS = {"paid": N_("Active"), "refunded": "Refunded", "expired": "Expired", "used": N_("Used up")}


@dataclass
class PackCard:
    id: int
    name: str
    credits: int
    price: str
    validity: str


@dataclass
class OwnedPack:
    name: str
    remaining: int
    credits: int
    expires: str
    status: str
    status_label: str


class PortalCreditsState(CustomerAccountState):
    signed_in: bool = False
    balance: int = 0
    packs: list[PackCard] = []
    owned: list[OwnedPack] = []
    chosen_id: int = 0
    chosen_name: str = ""
    chosen_terms: str = ""
    chosen_price: str = ""
    buy_error: str = ""
    bought: str = ""  # the success message shown in the dialog, where the customer is looking
    _attempt: str = ""

    @rx.event
    def load(self):
        self.error = self.buy_error = self.bought = ""
        self.chosen_id = 0
        try:
            self._load(self._param("org"))
        except NotFound:
            self._not_found()
            return moved_portal(self)
        return None

    def _load(self, slug: str) -> None:
        now = utcnow()
        with read_only() as session:
            org, customer = customer_accounts.signed_in_customer(session, org_slug=slug, cookie=self.customer_session)
            on_sale = credit_packs.packs_for_sale(session, org_slug=org.slug)
            self.balance = credits.balance(session, customer.id, now) if customer else 0
            bought = credit_packs.purchases_of(session, actor=customer_actor(customer), customer_id=customer.id,
                                               now=now) if customer else []
        self._show_org(org)
        self.signed_in = customer is not None
        lang = self.lang
        self.packs = [PackCard(p.id, p.name, p.credits, fmt_money(p.price_minor, org.currency, lang),
                               self._n("Valid for {count} day", "Valid for {count} days", p.validity_days)) for p in on_sale]
        self.owned = [self._owned(line, org.timezone, now) for line in bought]

    def _owned(self, line, tz: str, now) -> OwnedPack:
        if line.status == "refunded":
            status = "refunded"
        elif line.expires_at is not None and now >= line.expires_at:
            status = "expired"
        else:
            status = "paid" if line.remaining > 0 else "used"
        if status == "refunded":
            when = fmt_date(line.refunded_at, tz, self.lang) if line.refunded_at else ""
            expires = self._("Refunded on {date}").format(date=when) if when else ""
        elif line.expires_at is not None:
            expires = self._("expires {date}").format(date=fmt_date(line.expires_at, tz, self.lang))
        else:
            expires = ""
        return OwnedPack(line.name, line.remaining, line.credits, expires, status, self._(PURCHASE_LABELS[status]))

    @rx.event
    def choose(self, pack_id: int):
        card = next((p for p in self.packs if p.id == pack_id), None)
        if card is None or not self.signed_in:
            return
        self.chosen_id, self.chosen_name, self.chosen_price = card.id, card.name, card.price
        self.chosen_terms = self._n("{count} credit for {price}", "{count} credits for {price}", card.credits, price=card.price) + \
            " · " + card.validity
        self.buy_error, self.bought = "", ""
        self._attempt = secrets.token_hex(8)  # one form = one purchase, however often it is sent

    @rx.event
    def set_chosen_open(self, is_open: bool):
        if not is_open:
            self.chosen_id, self.buy_error, self.bought = 0, "", ""

    @rx.event
    def buy(self, form: dict):
        if self.bought:
            return
        try:
            card = card_from_form(form)
            with Session(get_engine(), expire_on_commit=False) as session:
                org, customer = customer_accounts.signed_in_customer(session, org_slug=self.portal_slug,
                                                                     cookie=self.customer_session)
                if customer is None:
                    return rx.redirect(routes.portal_sign_in(self.portal_slug))
                purchase = credit_packs.start_purchase(session, org_slug=org.slug, customer=customer, pack_id=self.chosen_id,
                                                       card=card, idempotency_key=self._attempt, gateway=get_gateway())
        except PaymentDeclined as error:
            self._attempt = secrets.token_hex(8)  # declined: the next press is a new attempt
            self.buy_error = self._message(error)
            return None
        except DomainError as error:
            self.buy_error = self._message(error)
            return None
        self._load(self.portal_slug)
        self.buy_error = ""
        self.bought = self._n("Paid. {count} credit is yours; your balance is now {balance}.",
                              "Paid. {count} credits are yours; your balance is now {balance}.", purchase.credits, balance=self.balance)
        return None
