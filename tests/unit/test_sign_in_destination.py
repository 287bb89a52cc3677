"""Where sign-in lands: the dashboard home, or the dashboard page the user asked for."""

from bookingapp import routes


def test_without_a_wish_sign_in_lands_on_the_dashboard_home():
    assert routes.safe_next("") == routes.DASHBOARD


def test_a_dashboard_page_asked_for_is_where_sign_in_lands():
    assert routes.safe_next("/dashboard/reports") == "/dashboard/reports"


def test_an_address_outside_the_dashboard_lands_on_the_home_instead():
    for target in ("https://evil.example.com/", "//evil.example.com/dashboard", "/dashboard//evil", "/b/lindenhof"):
        assert routes.safe_next(target) == routes.DASHBOARD
