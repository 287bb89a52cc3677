"""Settings → Notifications: providers edit, preview, test and reset every email per language."""

from __future__ import annotations

import shutil

import pytest
from sqlmodel import Session, select

from bookingapp import email_texts
from bookingapp.domain.email_catalog import CATALOG, EmailKind
from bookingapp.domain.errors import NotFound, PermissionDenied, UnknownVariable, ValidationFailed
from bookingapp.models import ActivityLog, MessageTemplate, OutboxEmail
from bookingapp.services import template_editor as editor
from bookingapp.services.accounts import actor_for
from bookingapp.services.actors import Actor
from bookingapp.services.notifications import queue_email
from tests import factories as f


@pytest.fixture
def org(session):
    return f.organization(session, "studio", name="Studio Lindenhof")


@pytest.fixture
def staff(session, org):
    return f.staff_actor(session, org)


@pytest.fixture
def brand_new(tmp_path, monkeypatch):
    """An email added to the catalog with its English text only, not translated yet."""
    monkeypatch.setitem(CATALOG, "brand_new", EmailKind("brand_new", "customer", "Not translated yet", ("CUSTOMER_NAME",)))
    shutil.copytree(email_texts.LOCALES_DIR, tmp_path, dirs_exist_ok=True)
    with (tmp_path / "emails.pot").open("a", encoding="utf-8") as pot:
        pot.write('\nmsgctxt "brand_new|subject"\nmsgid "Hello"\nmsgstr ""\n'
                  '\nmsgctxt "brand_new|body"\nmsgid "Hello [CUSTOMER_NAME]"\nmsgstr ""\n')
    monkeypatch.setattr(email_texts, "LOCALES_DIR", tmp_path)


def _rows(session: Session, org_id: int) -> list[MessageTemplate]:
    return list(session.exec(select(MessageTemplate).where(MessageTemplate.organization_id == org_id)))


def _log(session: Session, org_id: int) -> list[str]:
    return [e.action for e in session.exec(select(ActivityLog).where(ActivityLog.organization_id == org_id))]


def _save(session, actor, key="booking_confirmed", locale="en", subject="Confirmed: [SERVICE_NAME]",
          body="Hi [CUSTOMER_NAME], see you on [BOOKING_DATE]."):
    return editor.save_template(session, actor=actor, key=key, locale=locale, subject=subject, body=body)


# --- listing and loading ------------------------------------------------------------------

def test_list_shows_every_email_customer_emails_first(session, staff):
    listed = editor.list_templates(session, actor=staff)

    assert {s.key for s in listed} == set(CATALOG)
    audiences = [s.audience for s in listed]
    assert audiences == sorted(audiences, key=["customer", "provider"].index)
    assert all(s.customized == () for s in listed)


def test_list_marks_the_languages_with_the_organizations_own_text(session, staff):
    _save(session, staff, locale="de")
    _save(session, staff, locale="en")

    listed = {s.key: s for s in editor.list_templates(session, actor=staff)}

    assert listed["booking_confirmed"].customized == ("en", "de")
    assert listed["request_received"].customized == ()


def test_load_gives_the_default_in_that_language(session, staff):
    text = editor.load_template(session, actor=staff, key="booking_confirmed", locale="de")

    assert (text.subject, text.body) == email_texts.default("booking_confirmed", "de")
    assert text.subject.startswith("Buchung bestätigt")
    assert not text.is_custom


def test_load_falls_back_to_english_for_an_email_not_translated_yet(session, staff, brand_new):

    text = editor.load_template(session, actor=staff, key="brand_new", locale="pl")

    assert (text.subject, text.body, text.is_custom) == ("Hello", "Hello [CUSTOMER_NAME]", False)


def test_unknown_email_or_language_is_not_found(session, staff):
    with pytest.raises(NotFound):
        editor.load_template(session, actor=staff, key="no_such_email", locale="en")
    with pytest.raises(NotFound):
        editor.load_template(session, actor=staff, key="booking_confirmed", locale="fr")


# --- saving -------------------------------------------------------------------------------

def test_save_stores_the_text_and_logs_it(session, staff, org):
    saved = _save(session, staff, locale="de", subject="Bestätigt:\n [SERVICE_NAME]")

    assert saved.is_custom
    assert saved.subject == "Bestätigt: [SERVICE_NAME]"  # one line
    loaded = editor.load_template(session, actor=staff, key="booking_confirmed", locale="de")
    assert (loaded.subject, loaded.body, loaded.is_custom) == (saved.subject, saved.body, True)
    # English is untouched
    assert not editor.load_template(session, actor=staff, key="booking_confirmed", locale="en").is_custom
    assert _log(session, org.id).count("template.saved") == 1


def test_saving_again_replaces_the_text(session, staff, org):
    _save(session, staff, body="First [CUSTOMER_NAME]")
    _save(session, staff, body="Second [CUSTOMER_NAME]")

    rows = _rows(session, org.id)
    assert [r.body for r in rows] == ["Second [CUSTOMER_NAME]"]


def test_unknown_variable_is_refused_by_name_and_changes_nothing(session, staff, org):
    _save(session, staff, body="Original [CUSTOMER_NAME]")
    before = _log(session, org.id)

    with pytest.raises(UnknownVariable) as caught:
        _save(session, staff, subject="Hi [NICKNAME]", body="Changed [SHOE_SIZE] [CUSTOMER_NAME]")

    message = caught.value.render()
    assert "[NICKNAME]" in message and "[SHOE_SIZE]" in message
    assert "[CUSTOMER_NAME]" not in message
    assert [r.body for r in _rows(session, org.id)] == ["Original [CUSTOMER_NAME]"]
    assert _log(session, org.id) == before


def test_a_variable_of_another_email_is_refused(session, staff, org):
    with pytest.raises(ValidationFailed) as caught:
        _save(session, staff, body="Sign in here: [SIGN_IN_URL]")

    assert "[SIGN_IN_URL]" in caught.value.render()
    assert _rows(session, org.id) == []


@pytest.mark.parametrize("subject, body, field", [("", "Body", "subject"), ("   \n", "Body", "subject"), ("Subject", "  \n ", "body")])
def test_empty_subject_or_text_is_refused(session, staff, org, subject, body, field):
    with pytest.raises(ValidationFailed) as caught:
        _save(session, staff, subject=subject, body=body)

    assert caught.value.field == field
    assert _rows(session, org.id) == []


def test_the_default_text_of_every_email_can_be_saved_as_it_is(session, staff):
    for key in CATALOG:
        for locale in editor.LANGUAGES:
            text = editor.load_template(session, actor=staff, key=key, locale=locale)
            _save(session, staff, key=key, locale=locale, subject=text.subject, body=text.body)


def test_only_staff_edit_templates(session, org):
    customer = Actor("customer", org.id, 1, "Alex")

    with pytest.raises(PermissionDenied):
        _save(session, customer)
    with pytest.raises(PermissionDenied):
        editor.list_templates(session, actor=customer)
    assert _rows(session, org.id) == []


# --- reset --------------------------------------------------------------------------------

def test_reset_deletes_the_organizations_text_and_gives_the_default_back(session, staff, org):
    _save(session, staff, locale="de", body="Eigener Text [CUSTOMER_NAME]")
    _save(session, staff, locale="en", body="Own text [CUSTOMER_NAME]")

    text = editor.reset_template(session, actor=staff, key="booking_confirmed", locale="de")

    assert (text.subject, text.body, text.is_custom) == (*email_texts.default("booking_confirmed", "de"), False)
    assert [(r.locale, r.body) for r in _rows(session, org.id)] == [("en", "Own text [CUSTOMER_NAME]")]
    assert "template.reset" in _log(session, org.id)


def test_reset_of_a_default_text_changes_nothing(session, staff, org):
    text = editor.reset_template(session, actor=staff, key="booking_confirmed", locale="en")

    assert not text.is_custom
    assert "template.reset" not in _log(session, org.id)


# --- tenants ------------------------------------------------------------------------------

def test_one_organization_never_sees_or_changes_anothers_templates(session, staff, org):
    _save(session, staff, body="Studio text [CUSTOMER_NAME]")
    other_org = f.organization(session, "other")
    other = f.staff_actor(session, other_org)

    assert not editor.load_template(session, actor=other, key="booking_confirmed", locale="en").is_custom
    assert all(s.customized == () for s in editor.list_templates(session, actor=other))
    editor.reset_template(session, actor=other, key="booking_confirmed", locale="en")
    _save(session, other, body="Other text [CUSTOMER_NAME]")

    assert editor.load_template(session, actor=staff, key="booking_confirmed", locale="en").body == "Studio text [CUSTOMER_NAME]"
    assert [r.body for r in _rows(session, org.id)] == ["Studio text [CUSTOMER_NAME]"]
    assert [r.body for r in _rows(session, other_org.id)] == ["Other text [CUSTOMER_NAME]"]


# --- preview and test email ---------------------------------------------------------------

def test_preview_fills_sample_values_and_escapes_html():
    shown = editor.preview(key="booking_confirmed", subject="Hi [CUSTOMER_NAME]\n again",
                           body="<b>Bold</b> & [CUSTOMER_NAME] at [BOOKING_CONTROL_URL]",
                           organization_name="<script>alert(1)</script>")

    assert shown.subject == "Hi Alex Example again"
    assert shown.text.startswith("<b>Bold</b> & Alex Example at https://")
    assert "<b>" not in shown.html and "&lt;b&gt;Bold&lt;/b&gt; &amp; Alex Example" in shown.html
    assert '<a href="https://example.com/m/abc123">' in shown.html
    assert shown.unknown == ()
    hostile = editor.preview(key="booking_confirmed", subject="s", body="From [ORGANIZATION_NAME]",
                             organization_name="<script>alert(1)</script>")
    assert "<script>" not in hostile.html and "&lt;script&gt;" in hostile.html


def test_preview_names_the_variables_this_email_cannot_fill():
    shown = editor.preview(key="booking_confirmed", subject="[NICKNAME]", body="[SIGN_IN_URL] [CUSTOMER_NAME]")

    assert shown.unknown == ("[NICKNAME]", "[SIGN_IN_URL]")
    assert "[NICKNAME]" in shown.subject  # unknown tags stay visible


def test_send_test_queues_the_draft_to_the_staff_member_only(session, org):
    actor = actor_for(f.staff(session, org, email="me@studio.test", name="Sam Owner"))

    email = editor.send_test(session, actor=actor, key="booking_confirmed", locale="de",
                             subject="Entwurf für [CUSTOMER_NAME]", body="Noch nicht gespeichert: [SERVICE_NAME] bei [ORGANIZATION_NAME]")
    session.flush()

    queued = session.exec(select(OutboxEmail).where(OutboxEmail.organization_id == org.id)).all()
    assert [e.id for e in queued] == [email.id]
    assert (email.to_email, email.status, email.locale, email.template_key) == ("me@studio.test", "pending", "de", "booking_confirmed")
    assert email.subject == "[Test] Entwurf für Alex Example"
    assert email.text == "Noch nicht gespeichert: Private tasting bei Studio Lindenhof"
    assert "Noch nicht gespeichert" in email.html
    assert _rows(session, org.id) == []  # a test is not a save
    assert "template.test_sent" in _log(session, org.id)


def test_send_test_refuses_an_unknown_variable(session, staff, org):
    with pytest.raises(UnknownVariable):
        editor.send_test(session, actor=staff, key="booking_confirmed", locale="en", subject="Hi", body="[NICKNAME]")

    assert session.exec(select(OutboxEmail)).all() == []


# --- what customers receive ---------------------------------------------------------------

def test_queue_email_uses_the_saved_text_in_the_customers_language(session, staff, org):
    _save(session, staff, locale="pl", subject="Potwierdzone: [SERVICE_NAME]", body="Własny tekst dla [CUSTOMER_NAME]")
    customer = f.customer(session, org, email="ola@example.com", name="Ola", locale="pl")

    email = queue_email(session, org=org, key="booking_confirmed", to=customer.email, locale=customer.locale,
                        values={"SERVICE_NAME": "Tasting", "CUSTOMER_NAME": customer.name})

    assert (email.subject, email.text) == ("Potwierdzone: Tasting", "Własny tekst dla Ola")


def test_queue_email_uses_the_german_default_without_a_custom_german_text(session, staff, org):
    _save(session, staff, locale="en", body="English custom [CUSTOMER_NAME]")
    customer = f.customer(session, org, email="kim@example.com", name="Kim", locale="de")

    email = queue_email(session, org=org, key="booking_confirmed", to=customer.email, locale=customer.locale,
                        values={"SERVICE_NAME": "Verkostung", "CUSTOMER_NAME": customer.name, "BOOKING_DATE": "Di., 24. Nov."})

    assert email.subject == "Buchung bestätigt: Verkostung am Di., 24. Nov."
    assert email.text.startswith("Hallo Kim,\n\ndeine Buchung")
    assert "English custom" not in email.text


def test_queue_email_falls_back_to_english_for_an_email_not_translated_yet(session, org, brand_new):

    email = queue_email(session, org=org, key="brand_new", to="ola@example.com", locale="pl", values={"CUSTOMER_NAME": "Ola"})

    assert (email.subject, email.text, email.locale) == ("Hello", "Hello Ola", "pl")


# --- previews in the language being edited (issue 23) -------------------------------------

def test_a_polish_preview_shows_polish_dates_money_and_periods():
    shown = editor.preview(key="respond_reminder", subject="[TIME_LEFT]: [BOOKING_DATE]",
                           body="[RESPOND_BY] [HOLD_AMOUNT] [BOOKING_STATUS]", locale="pl")

    assert shown.subject.startswith("24 godziny: wt., 24 lis 2026")
    assert "czw., 26 lis 2026" in shown.text and "120,00" in shown.text
    assert not any(english in shown.subject + shown.text for english in ("Tue", "Nov", "Thu", "hours", "€120"))


def test_a_german_preview_of_the_default_text_reads_german_throughout():
    text = email_texts.default("booking_confirmed", "de")

    shown = editor.preview(key="booking_confirmed", subject=text[0], body=text[1], locale="de")

    assert "Di., 24" in shown.subject and "Tue" not in shown.subject
    assert "120,00\xa0€" in shown.text and "€120" not in shown.text


def test_the_english_preview_keeps_english_samples():
    shown = editor.preview(key="booking_confirmed", subject="[BOOKING_DATE]", body="[PRICE]", locale="en")

    assert (shown.subject, shown.text) == ("Tue, 24 Nov 2026, 14:30 CET", "€120.00")


def test_a_test_email_in_polish_has_polish_sample_dates(session, staff):
    email = editor.send_test(session, actor=staff, key="booking_confirmed", locale="pl",
                             subject="[BOOKING_DATE]", body="[PRICE]")

    assert email.subject == "[Test] wt., 24 lis 2026, 14:30 CET" and email.text.startswith("120,00")

def test_a_german_preview_shows_the_sample_date_in_german():
    # Issue 23: "jetzt am Tue, 24 Nov 2026" in a German preview.
    shown = editor.preview(key="booking_confirmed", subject="Termin", body="Dein Termin ist am [BOOKING_DATE].", locale="de")

    assert shown.text == "Dein Termin ist am Di., 24. Nov. 2026, 14:30 CET."
