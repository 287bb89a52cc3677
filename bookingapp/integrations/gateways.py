"""Which payment gateway the app uses: StripeGateway when STRIPE_SECRET_KEY is set, else
the LocalGateway. Kept apart from payments.py (the protocol, which stripe_gateway.py
builds on) so that the two never import each other."""

from __future__ import annotations

from functools import lru_cache

from bookingapp.db import make_engine
from bookingapp.integrations.payments import LocalGateway, PaymentGateway
from bookingapp.settings import get_settings


@lru_cache
def get_gateway() -> PaymentGateway:
    settings = get_settings()
    if settings.stripe_secret_key:
        # The Stripe SDK is imported only where it is used.
        from bookingapp.integrations.stripe_gateway import StripeGateway

        return StripeGateway(settings)
    return LocalGateway(make_engine(settings.local_gateway_url))
