"""Reading the card from a submitted payment form (see components/card_fields.py)."""

from __future__ import annotations

from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.i18n_marks import N_
from bookingapp.integrations.payments import CardInput
from bookingapp.settings import get_settings


def card_from_form(form: dict) -> CardInput | str:
    """A Stripe payment method id from Stripe's field, or the typed test card."""
    if get_settings().card_entry == "stripe_js":
        payment_method = (form.get("payment_method") or "").strip()
        if not payment_method.startswith("pm_"):
            raise ValidationFailed(N_("Enter your card details."), field="card")
        return payment_method
    return CardInput.from_form(form.get("card_number"), form.get("card_expiry"), form.get("card_cvc"))
