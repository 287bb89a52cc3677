"""What a service's settings may be: the editor's rules, pure.

Each refusal names the editor's input it belongs next to (`cutoff_hours`, not
`cutoff_minutes`, where the form takes hours), so the page can show it there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bookingapp.domain.errors import ValidationFailed

KINDS = ("appointment", "request", "class")
PREPAYMENTS = ("required", "optional", "none")
CANCELLATIONS = ("allowed_until_cutoff", "rebooking_request_only")

MAX_NAME = 120
MAX_DESCRIPTION = 2000
MAX_LOCATION = 200
HOUR, DAY = 60, 24 * 60


@dataclass(frozen=True)
class Bounds:
    low: int
    high: int
    field: str  # the editor's input
    message: str  # with {min} and {max}, in the input's unit
    unit: int = 1  # minutes per unit of the input (60: the input takes hours)


BOUNDS = {
    "duration_minutes": Bounds(5, DAY, "duration_minutes", "Enter a duration between {min} and {max} minutes."),
    "cutoff_minutes": Bounds(0, 30 * DAY, "cutoff_hours", "Enter a cutoff between {min} and {max} hours.", HOUR),
    "min_party": Bounds(1, 500, "min_party", "Enter a smallest party between {min} and {max} people."),
    "max_party": Bounds(1, 500, "max_party", "Enter a largest party between {min} and {max} people."),
    "capacity": Bounds(1, 500, "capacity", "Enter a capacity between {min} and {max} places."),
    "credit_cost": Bounds(0, 100, "credit_cost", "Enter a credit cost between {min} and {max}."),
    "free_cancellation_minutes": Bounds(0, 30 * DAY, "free_cancellation_hours",
                                        "Enter a free-cancellation window between {min} and {max} hours.", HOUR),
    "waitlist_offer_minutes": Bounds(5, 7 * DAY, "waitlist_offer_minutes",
                                     "Enter a hold time between {min} and {max} minutes."),
    "buffer_before_minutes": Bounds(0, 8 * HOUR, "buffer_before_minutes", "Enter a buffer between {min} and {max} minutes."),
    "buffer_after_minutes": Bounds(0, 8 * HOUR, "buffer_after_minutes", "Enter a buffer between {min} and {max} minutes."),
    "min_notice_minutes": Bounds(0, 365 * DAY, "min_notice_hours", "Enter a minimum notice between {min} and {max} hours.", HOUR),
    "horizon_days": Bounds(1, 730, "horizon_days", "Enter a booking horizon between {min} and {max} days."),
}

# What each kind also has, beyond what every service has.
KIND_FIELDS = {
    "appointment": ("buffer_before_minutes", "buffer_after_minutes", "min_notice_minutes", "horizon_days"),
    "request": ("min_party", "max_party"),
    "class": ("capacity", "credit_cost", "free_cancellation_minutes", "waitlist_offer_minutes", "horizon_days"),
}
COMMON_FIELDS = ("duration_minutes", "cutoff_minutes")


def in_bounds(name: str, value: Any) -> int:
    """The whole number `value` for the setting `name`, or a refusal next to its input."""
    bounds = BOUNDS[name]
    if not isinstance(value, int) or isinstance(value, bool) or not bounds.low <= value <= bounds.high:
        raise ValidationFailed(bounds.message, field=bounds.field, min=bounds.low // bounds.unit, max=bounds.high // bounds.unit)
    return value


def check_settings(kind: str, values: dict[str, Any]) -> None:
    """Every number of a service of this kind in bounds, and the rules between them."""
    for name in (*COMMON_FIELDS, *KIND_FIELDS[kind]):
        in_bounds(name, values.get(name))
    if kind == "request":
        if values["min_party"] > values["max_party"]:
            raise ValidationFailed("The smallest party cannot be larger than the largest.", field="max_party")
        if not values.get("allows_private") and not values.get("allows_group"):
            raise ValidationFailed("Offer private bookings, group bookings, or both.", field="allows_private")
    if kind == "appointment" and values["horizon_days"] * DAY < values["min_notice_minutes"]:
        raise ValidationFailed("The booking horizon must be longer than the minimum notice.", field="horizon_days")
