"""Cross-organization probes for Settings → Business, the setup checklist and Share
(merged into PROBES by test_cross_organization.py). Each of these services acts on the
actor's own organization only: Beta's owner reads and changes Beta, never Alpha."""

from __future__ import annotations

import dataclasses

from bookingapp.domain.errors import ValidationFailed
from bookingapp.services import business, setup_checklist, share


def _beta_form(s, b, **changes) -> business.BusinessForm:
    return dataclasses.replace(business.business_settings(s, actor=b.actor).form, **changes)


PROBES = {
    "business.business_settings": (lambda s, a, b, g: business.business_settings(s, actor=b.actor), False),
    "business.update_business": (lambda s, a, b, g: business.update_business(
        s, actor=b.actor, form=_beta_form(s, b, name="Beta Renamed", slug="beta-new", timezone="America/New_York")), False),
    # Alpha's portal address, current or old, is not Beta's to take.
    "business.update_business#alpha-slug": (lambda s, a, b, g: business.update_business(
        s, actor=b.actor, form=_beta_form(s, b, slug="alpha")), ValidationFailed),
    "setup_checklist.setup_checklist": (lambda s, a, b, g: setup_checklist.setup_checklist(s, actor=b.actor), False),
    "share.share_kit": (lambda s, a, b, g: share.share_kit(s, actor=b.actor), False),
    "share.mark_shared": (lambda s, a, b, g: share.mark_shared(s, actor=b.actor), False),
}
