"""The timezone under a list of dates, as a label and its value: "Timezone: Central European
Time (Europe/Berlin)".

The zone's name stands alone on purpose: glued into a sentence ("Times are in …") it takes
the wrong case in German ("Zeiten in Mitteleuropäische Zeit", issue 23) and in Polish."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t


def timezone_note(zone: rx.Var | str, *lead: rx.Component | str, **props) -> rx.Component:
    """`lead`: a sentence shown before the label ("More dots, more free times."), if any."""
    return rx.text(*lead, *((" ",) if lead else ()), t("Timezone"), ": ", zone, class_name="timezone-note", **props)
