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
    deadline: str = ""  # "Please pay by …" while the booking waits for its payment
    deadline_rule: str = ""  # what happens if it is not paid by then


def money_panel(view, lang: str, _) -> MoneyPanel:
    """`_` translates (the state's own)."""
    history, tz = view.payments, view.org.timezone
    p = history.payment
    if p is None or not history.captured_minor:
        return _deadline(view, lang, _)
    when = history.paid_at or p.updated_at  # rows captured before operations were recorded
    receipt = _("Paid {amount} by card ending {last4} on {date}").format(
        amount=fmt_money(history.captured_minor, p.currency, lang), last4=p.card_last4 or "····",
        date=fmt_datetime(when, tz, lang))
    refunds = [_("{amount} refunded on {date}").format(amount=fmt_money(r.amount_minor, p.currency, lang),
                                                               date=fmt_datetime(r.when, tz, lang))
               for r in history.refunds]
    return MoneyPanel(receipt=receipt, refunds=refunds)


def _deadline(view, lang: str, _) -> MoneyPanel:
    b, org = view.booking, view.org
    if b.status != "pending_payment" or b.payment_deadline is None or view.amount_due <= 0:
        return MoneyPanel()
    when = fmt_datetime(b.payment_deadline, org.timezone, lang)
    if b.deadline_passed_at is not None:  # kept by the business's choice: still payable
        return MoneyPanel(deadline=_("The deadline to pay was {date}. Please pay as soon as you can.").format(date=when))
    rule = (_("If it is not paid by then, the booking is cancelled and the time is given to others.")
            if org.unpaid_after_deadline == "cancel" else "")
    return MoneyPanel(deadline=_("Please pay by {date}.").format(date=when), deadline_rule=rule)
