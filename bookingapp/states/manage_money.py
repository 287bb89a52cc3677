"""The manage page's payment panel (issue 21, items 7 and 8): when the booking was paid,
each refund since, and the deadline to pay an unpaid prepaid booking. Built from the
service's view in one call, so ManageState holds it as one typed var."""

from __future__ import annotations

from dataclasses import dataclass, field

from bookingapp.domain.formatting import fmt_datetime, fmt_money


@dataclass
class MoneyPanel:
    receipt: str = ""  # "Paid €89.00 by card ending 4242 on …": the capture's time, whatever came after
    refunds: list[str] = field(default_factory=list)  # "€30.00 refunded on …", oldest first


def money_panel(view, lang: str, _) -> MoneyPanel:
    """`_` translates (the state's own)."""
    history, tz = view.payments, view.org.timezone
    p = history.payment
    if p is None or not history.captured_minor:
        return MoneyPanel()
    when = history.paid_at or p.updated_at  # rows captured before operations were recorded
    receipt = _("Paid {amount} by card ending {last4} on {date}").format(
        amount=fmt_money(history.captured_minor, p.currency, lang), last4=p.card_last4 or "····",
        date=fmt_datetime(when, tz, lang))
    refunds = [_("{amount} refunded on {date}").format(amount=fmt_money(r.amount_minor, p.currency, lang),
                                                               date=fmt_datetime(r.when, tz, lang))
               for r in history.refunds]
    return MoneyPanel(receipt=receipt, refunds=refunds)
