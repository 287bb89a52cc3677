"""Email templates: `[VARIABLE]` tags filled from a fixed registry, escaped in HTML only."""

from __future__ import annotations

import pytest

from bookingapp.domain.errors import UnknownVariable
from bookingapp.domain.formatting import fmt_datetime, utc
from bookingapp.domain.templates import (
    VARIABLES,
    render_html,
    render_text,
    sample_values,
    tags_in,
    validate_template,
)

HOSTILE = '<script>alert("x")</script> & Co'


def test_values_are_escaped_in_html_but_raw_in_text():
    values = {"CUSTOMER_NAME": HOSTILE}

    html = render_html("Hello [CUSTOMER_NAME]", values)
    text = render_text("Hello [CUSTOMER_NAME]", values)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
    assert text == f"Hello {HOSTILE}"


def test_template_text_itself_is_escaped_in_html():
    html = render_html("Prices <b>drop</b> & rise", {})

    assert "<b>" not in html
    assert "Prices &lt;b&gt;drop&lt;/b&gt; &amp; rise" in html


def test_html_keeps_line_breaks():
    assert "one<br>\ntwo" in render_html("one\ntwo", {})


def test_urls_become_links_in_html():
    html = render_html("Manage: [BOOKING_CONTROL_URL]", {"BOOKING_CONTROL_URL": "https://example.com/m/abc123"})

    assert '<a href="https://example.com/m/abc123">https://example.com/m/abc123</a>' in html


def test_urls_typed_in_the_template_become_links():
    html = render_html("Directions: https://maps.example.com/x?a=1&b=2", {})

    assert '<a href="https://maps.example.com/x?a=1&amp;b=2">' in html


def test_link_built_from_a_tag_and_text_is_linked_whole():
    html = render_html("Pick: [BOOKING_CONTROL_URL]?slot=1", {"BOOKING_CONTROL_URL": "https://example.com/m/abc"})

    assert '<a href="https://example.com/m/abc?slot=1">' in html


def test_sentence_punctuation_after_a_link_is_not_part_of_it():
    html = render_html("Manage it here: [BOOKING_CONTROL_URL]. Thanks!", {"BOOKING_CONTROL_URL": "https://example.com/m/abc"})

    assert '<a href="https://example.com/m/abc">https://example.com/m/abc</a>. Thanks!' in html


def test_link_in_angle_brackets_stops_before_the_bracket():
    html = render_html("<https://example.com/m/abc>", {})

    assert '&lt;<a href="https://example.com/m/abc">https://example.com/m/abc</a>&gt;' in html


def test_a_value_cannot_break_out_of_a_link_attribute():
    html = render_html("[BOOKING_CONTROL_URL]", {"BOOKING_CONTROL_URL": 'https://e.com/"onmouseover="alert(1)'})

    assert 'onmouseover="' not in html
    assert "&quot;" in html


def test_unknown_tags_stay_visible():
    assert render_text("Hi [NICKNAME], [CUSTOMER_NAME]", {"CUSTOMER_NAME": "Alex"}) == "Hi [NICKNAME], Alex"
    assert "Hi [NICKNAME]" in render_html("Hi [NICKNAME]", {})


def test_a_value_that_looks_like_a_tag_is_not_filled_again():
    values = {"CUSTOMER_NAME": "[CUSTOMER_EMAIL]", "CUSTOMER_EMAIL": "alex@example.com"}

    assert render_text("[CUSTOMER_NAME]", values) == "[CUSTOMER_EMAIL]"
    assert "alex@example.com" not in render_html("[CUSTOMER_NAME]", values)


def test_tags_in_finds_only_well_formed_tags():
    assert tags_in("[CUSTOMER_NAME] [lower] [ PRICE ] [PRICE]") == {"CUSTOMER_NAME", "PRICE"}


def test_validate_template_refuses_unknown_variables_and_names_them():
    with pytest.raises(UnknownVariable) as caught:
        validate_template("Hello [NICKNAME]", "Body [CUSTOMER_NAME] [SHOE_SIZE]")

    assert "[NICKNAME]" in str(caught.value)
    assert "[SHOE_SIZE]" in str(caught.value)
    assert "[CUSTOMER_NAME]" not in str(caught.value)


def test_validate_template_accepts_known_variables():
    validate_template("Hello [CUSTOMER_NAME]", "[BOOKING_CONTROL_URL] [ORGANIZATION_NAME]")


def test_validate_template_refuses_a_known_variable_outside_the_allowed_set():
    with pytest.raises(UnknownVariable, match=r"\[SIGN_IN_URL\]"):
        validate_template("[SIGN_IN_URL]", allowed={"CUSTOMER_NAME"})


def test_every_variable_has_a_sample_value():
    samples = sample_values()

    assert set(samples) == set(VARIABLES)
    assert all(value.strip() for value in samples.values())


def test_a_template_rendered_with_samples_has_no_tags_left():
    template = " ".join(f"[{name}]" for name in VARIABLES)

    assert tags_in(render_text(template, sample_values())) == set()


def test_a_localized_value_reads_in_its_first_language_and_is_rewritten_for_another_reader():
    from bookingapp.domain.formatting import fmt_money
    from bookingapp.domain.templates import Localized, localize_values

    price = Localized(lambda lang: fmt_money(12000, "EUR", lang), "pl")

    assert price == "120,00\xa0€"
    assert localize_values({"PRICE": price, "CUSTOMER_NAME": "Ola"}, "en") == {"PRICE": "€120.00", "CUSTOMER_NAME": "Ola"}
    assert render_text("[PRICE]", localize_values({"PRICE": price}, "de")) == "120,00\xa0€"

def test_english_samples_read_as_the_emails_do():
    samples = sample_values("en")

    assert (samples["BOOKING_DATE"], samples["PRICE"], samples["TIME_LEFT"], samples["EXPIRES_ON"]) == (
        "Tue, 24 Nov 2026, 14:30 CET", "€120.00", "24 hours", "Mon, 22 Feb 2027")
    assert samples["PROPOSED_SLOTS"] == "Wed, 25 Nov 2026, 10:00 CET: https://example.com/m/abc123?slot=1"


@pytest.mark.parametrize(("locale", "date", "price", "left", "expires"), [
    ("de", "Di., 24. Nov. 2026, 14:30 CET", "120,00\xa0€", "24 Stunden", "Mo., 22. Feb. 2027"),
    ("pl", "wt., 24 lis 2026, 14:30 CET", "120,00\xa0€", "24 godziny", "pon., 22 lut 2027"),
])
def test_previews_in_german_and_polish_show_dates_money_and_periods_in_that_language(locale, date, price, left, expires):
    # Issue 23: a German preview read "jetzt am Tue, 24 Nov 2026".
    samples = sample_values(locale)

    assert (samples["BOOKING_DATE"], samples["PRICE"], samples["TIME_LEFT"], samples["EXPIRES_ON"]) == (date, price, left, expires)
    assert samples["RESPOND_BY"] == fmt_datetime(utc(2026, 11, 26, 13, 30), "Europe/Berlin", locale)
