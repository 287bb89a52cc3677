"""Every environment variable the app reads, in one place.

Empty keys mean the local defaults: LocalGateway (test cards, no network) for payments
and OutboxOnly (the dev mailbox) for email. The README documents each variable.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ROOT / ".env", extra="ignore")

    app_env: str = Field("development", description="development | test | production")
    database_url: str = Field(
        f"sqlite:///{ROOT / 'var' / 'bookingapp.db'}",
        description="SQLAlchemy URL; SQLite file by default, postgresql+psycopg://... in production",
    )
    secret_key: str = Field(DEV_SECRET, description="Signs session cookies; required outside development")
    public_base_url: str = Field(
        "http://localhost:3000", description="Base of every link in emails and calendar files"
    )
    local_gateway_url: str = Field(
        f"sqlite:///{ROOT / 'var' / 'local_gateway.db'}",
        description="Where the LocalGateway (test-mode card processor) keeps its own ledger",
    )
    stripe_secret_key: str = Field("", description="Empty = LocalGateway (test mode, no real charge)")
    stripe_publishable_key: str = Field("", description="Used by Stripe.js on the card form")
    stripe_js_url: str = Field("https://js.stripe.com/v3/", description="Where the browser loads Stripe.js from")
    stripe_webhook_secret: str = Field("", description="Verifies Stripe webhook signatures")
    stripe_api_base: str = Field("", description="Override of Stripe's API address (tests: localstripe)")
    resend_api_key: str = Field("", description="Empty = OutboxOnly (emails land in the dev mailbox)")
    resend_api_url: str = Field("", description="Override of Resend's API address (tests: a local fake)")
    email_from: str = Field("Bookings <bookings@example.com>", description="From address of every email")
    sweeper_interval_seconds: float = Field(15.0, description="How often the sweeper looks for due work")
    sweeper_enabled: bool = Field(True, description="Run the sweeper inside the app process")
    log_format: str = Field("", description="json | text; empty = json in production, text elsewhere")
    demo_data: bool = Field(True, description="Load demo data on first run (development only)")

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.app_env == "production" and self.secret_key == DEV_SECRET:
            raise ValueError("SECRET_KEY must be set in production")
        return self

    @property
    def payments_mode(self) -> str:
        if not self.stripe_secret_key:
            return "local"
        return "stripe_live" if self.stripe_secret_key.startswith(("sk_live_", "rk_live_")) else "stripe_test"

    @property
    def card_entry(self) -> str:
        """How customers type their card: Stripe's own field when a publishable key is
        set, else our test-card form (local mode, or Stripe test keys in tests)."""
        if self.payments_mode != "local" and self.stripe_publishable_key:
            return "stripe_js"
        return "test_cards"

    @property
    def email_mode(self) -> str:
        return "resend" if self.resend_api_key else "local"


@lru_cache
def get_settings() -> Settings:
    return Settings()
