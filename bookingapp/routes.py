"""Route constants and URL builders, so no page spells a path by hand."""

from __future__ import annotations

from urllib.parse import quote, urlencode

HOME = "/"
NOT_FOUND = "404"  # Reflex's slug for the page of every unknown address
SIGN_IN = "/signin"
SIGN_UP = "/signup"
DASHBOARD = "/dashboard"
INBOX = "/dashboard/inbox"
AGENDA = "/dashboard/agenda"
ORDERS = "/dashboard/orders"
SCHEDULE = "/dashboard/schedule"
CUSTOMERS = "/dashboard/customers"
REPORTS = "/dashboard/reports"
SETTINGS = "/dashboard/settings"
NOTIFICATIONS = "/dashboard/settings/notifications"
MAILBOX = "/dashboard/mailbox"
PORTAL = "/b/[org]"
PORTAL_SERVICE = "/b/[org]/s/[service]"
MANAGE = "/m/[token]"
ORDER = "/dashboard/orders/[reference]"
PORTAL_BOOK = "/b/[org]/book/[service]"
PORTAL_SIGN_IN = "/b/[org]/signin"
PORTAL_BOOKINGS = "/b/[org]/bookings"
SCHEDULE_SESSION = "/dashboard/schedule/[session]"
PORTAL_CLASSES = "/b/[org]/classes"
PORTAL_CREDITS = "/b/[org]/credits"  # a signed-in customer's credits: balance, packs for sale
PORTAL_WAITLIST = "/b/[org]/waitlist/[token]"
# The link that confirms a booking made from an address not yet confirmed (issue 21).
PORTAL_CONFIRM = "/b/[org]/confirm/[token]"
REPORTS_STATEMENT = "/dashboard/reports/statement"
CUSTOMER = "/dashboard/customers/[id]"
REPORTS_CUSTOMERS = "/dashboard/reports/customers"
REPORTS_CANCELLATIONS = "/dashboard/reports/cancellations"
REPORTS_REVENUE = "/dashboard/reports/revenue"
REPORTS_REQUESTS = "/dashboard/reports/requests"
REPORTS_OCCUPANCY = "/dashboard/reports/occupancy"
REPORTS_NO_SHOWS = "/dashboard/reports/no-shows"
SERVICES = "/dashboard/services"
SERVICE_EDIT = "/dashboard/services/[service]"  # a service's id, or "new" (?kind=appointment|request|class)
AVAILABILITY = "/dashboard/availability"
TEAM = "/dashboard/team"
BUSINESS_SETTINGS = "/dashboard/settings/business"
CREDIT_PACKS = "/dashboard/settings/packs"
SHARE = "/dashboard/share"
JOIN = "/join/[token]"  # a team invitation
# Staff book for a customer. Optional query: service (id), staff (id), at (local start,
# YYYY-MM-DDTHH:MM in the business's timezone), customer (id), session (class session id).
NEW_BOOKING = "/dashboard/bookings/new"
PROFILE = "/dashboard/profile"  # the signed-in member's own page: calendar feed address


def sign_in_url(next_path: str = "", query: str = "") -> str:
    target = next_path + (f"?{query}" if query else "")
    if not target.startswith("/dashboard"):
        return SIGN_IN
    return f"{SIGN_IN}?{urlencode({'next': target})}"


def safe_next(target: str) -> str:
    """Only ever redirect inside the dashboard after sign-in (no open redirect); by default
    to its home, the overview of the day."""
    return target if target.startswith("/dashboard") and "//" not in target else DASHBOARD


def portal(org_slug: str) -> str:
    return f"/b/{quote(org_slug)}"


def portal_service(org_slug: str, service_slug: str) -> str:
    return f"/b/{quote(org_slug)}/s/{quote(service_slug)}"


def manage(token: str) -> str:
    return f"/m/{token}"


def confirm_booking(org_slug: str, token: str) -> str:
    return f"/b/{quote(org_slug)}/confirm/{token}"


def inbox_booking(reference: str) -> str:
    return f"{INBOX}?booking={quote(reference)}"


def order(reference: str) -> str:
    return f"{ORDERS}/{quote(reference)}"


def portal_book(org_slug: str, service_slug: str) -> str:
    return f"/b/{quote(org_slug)}/book/{quote(service_slug)}"


def portal_sign_in(org_slug: str) -> str:
    return f"/b/{quote(org_slug)}/signin"


def portal_bookings(org_slug: str) -> str:
    return f"/b/{quote(org_slug)}/bookings"


def portal_credits(org_slug: str) -> str:
    return f"/b/{quote(org_slug)}/credits"


def portal_waitlist(org_slug: str, token: str) -> str:
    return f"/b/{quote(org_slug)}/waitlist/{quote(token)}"


def schedule_session(session_id: int) -> str:
    return f"{SCHEDULE}/{int(session_id)}"


def portal_classes(org_slug: str, service_slug: str = "", week: str = "") -> str:
    """The class schedule; with a service, only that class's sessions; with `week` (an ISO
    day), the week of that day."""
    path = f"/b/{quote(org_slug)}/classes"
    query = {k: v for k, v in (("service", service_slug), ("from", week)) if v}
    return f"{path}?{urlencode(query)}" if query else path


def customer(customer_id: int) -> str:
    return f"{CUSTOMERS}/{int(customer_id)}"


def service_edit(service_id: int | str) -> str:
    return f"{SERVICES}/{quote(str(service_id))}"


def new_service(kind: str) -> str:
    return f"{SERVICES}/new?{urlencode({'kind': kind})}"


def join(token: str) -> str:
    return f"/join/{quote(token)}"


def new_booking(**params: int | str | None) -> str:
    """The dashboard's new-booking page, prefilled with what is known (see NEW_BOOKING)."""
    given = {key: str(value) for key, value in params.items() if value not in (None, "")}
    return f"{NEW_BOOKING}?{urlencode(given)}" if given else NEW_BOOKING


def staff_feed(token: str) -> str:
    """A staff member's private calendar subscription (.ics)."""
    return f"/api/feed/{quote(token)}.ics"


# Each page's English title by its route ("dashboard/inbox"), filled as the app registers its
# pages: the browser tab shows it translated once the page knows the visitor's language.
PAGE_TITLES: dict[str, str] = {}


def title_of(route: str) -> str:
    return PAGE_TITLES.get(route.strip("/") or "index", "")
