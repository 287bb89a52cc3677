"""The Reflex app: pages, the HTTP API and the sweeper. Only wiring here."""

import reflex as rx

from bookingapp import api, logs, routes
from bookingapp.components.connection import connection_notice, toaster
from bookingapp.jobs import sweeper_task
from bookingapp.pages.agenda import agenda_page
from bookingapp.pages.auth import sign_in_page, sign_up_page
from bookingapp.pages.availability import availability_page
from bookingapp.pages.book_appointment import book_appointment_page
from bookingapp.pages.business_settings import business_settings_page
from bookingapp.pages.cancellations_report import cancellations_report_page
from bookingapp.pages.confirm_booking import confirm_booking_page
from bookingapp.pages.credit_packs import credit_packs_page
from bookingapp.pages.customer_account import customer_bookings_page, customer_sign_in_page
from bookingapp.pages.customers import customer_page, customers_page
from bookingapp.pages.dashboard_home import dashboard_home_page
from bookingapp.pages.home import home_page
from bookingapp.pages.inbox import inbox_page
from bookingapp.pages.join import join_page
from bookingapp.pages.mailbox import mailbox_page
from bookingapp.pages.manage import manage_page
from bookingapp.pages.new_booking import new_booking_page
from bookingapp.pages.noshows_report import noshows_report_page
from bookingapp.pages.not_found import not_found_page
from bookingapp.pages.occupancy_report import occupancy_report_page
from bookingapp.pages.orders import order_page, orders_page
from bookingapp.pages.portal import portal_page
from bookingapp.pages.portal_classes import portal_classes_page
from bookingapp.pages.portal_credits import portal_credits_page
from bookingapp.pages.profile import profile_page
from bookingapp.pages.reports import customers_report_page, reports_page
from bookingapp.pages.request_form import request_form_page
from bookingapp.pages.requests_report import requests_report_page
from bookingapp.pages.revenue_report import revenue_report_page
from bookingapp.pages.schedule import class_session_page, schedule_page
from bookingapp.pages.service_editor import service_editor_page
from bookingapp.pages.services_list import services_page
from bookingapp.pages.settings_page import settings_page
from bookingapp.pages.share import share_page
from bookingapp.pages.statement import statement_page
from bookingapp.pages.team import team_page
from bookingapp.pages.template_editor import template_editor_page
from bookingapp.pages.waitlist_claim import waitlist_claim_page
from bookingapp.states.agenda import AgendaState
from bookingapp.states.agenda_slot import AgendaSlotState
from bookingapp.states.auth import AuthState
from bookingapp.states.availability import AvailabilityState
from bookingapp.states.base import AppState
from bookingapp.states.book_appointment import BookAppointmentState
from bookingapp.states.booking_alert import BookingAlertState
from bookingapp.states.business_settings import BusinessSettingsState
from bookingapp.states.cancellations_report import CancellationsReportState
from bookingapp.states.class_manage import ClassManageState
from bookingapp.states.class_session import ClassSessionState
from bookingapp.states.confirm_booking import ConfirmBookingState
from bookingapp.states.credit_packs import CreditPacksState
from bookingapp.states.customer_account import CustomerBookingsState, CustomerSignInState
from bookingapp.states.customer_classes import CustomerClassesState
from bookingapp.states.customer_packs import CustomerPacksState
from bookingapp.states.customers import CustomerProfileState, CustomersState
from bookingapp.states.dashboard_home import DashboardHomeState
from bookingapp.states.home_overview import HomeOverviewState
from bookingapp.states.inbox import InboxState
from bookingapp.states.input_boundary import InputBoundary
from bookingapp.states.join import JoinState
from bookingapp.states.mailbox import MailboxState
from bookingapp.states.new_booking import NewBookingState
from bookingapp.states.noshows_report import NoShowsReportState
from bookingapp.states.occupancy_report import OccupancyReportState
from bookingapp.states.order_actions import OrderActionsState
from bookingapp.states.order_page import OrderState
from bookingapp.states.order_proposal import OrderProposalState
from bookingapp.states.orders import OrdersState
from bookingapp.states.portal import PortalState
from bookingapp.states.portal_classes import PortalClassesState
from bookingapp.states.portal_credits import PortalCreditsState
from bookingapp.states.profile import ProfileState
from bookingapp.states.reports import CustomerReportState
from bookingapp.states.request_form import RequestFormState
from bookingapp.states.requests_report import RequestsReportState
from bookingapp.states.revenue_report import RevenueReportState
from bookingapp.states.schedule import ScheduleState
from bookingapp.states.service_editor import ServiceEditorState
from bookingapp.states.services_list import ServicesState
from bookingapp.states.session_admin import SessionAdminState
from bookingapp.states.settings_page import SettingsPageState
from bookingapp.states.share import ShareState
from bookingapp.states.statement import StatementState
from bookingapp.states.team import TeamState
from bookingapp.states.template_editor import TemplateEditorState
from bookingapp.states.waitlist import WaitlistClaimState

logs.configure()
app = rx.App(api_transformer=api.create_api(), stylesheets=["/contrast.css"], toaster=toaster())
# Reflex's overlay (wrap 5) tells of a lost connection in English: ours in the visitor's language.
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_notice() if stateful else None
app.add_middleware(InputBoundary(), index=0)
app.register_lifespan_task(sweeper_task)

app.add_page(home_page, route=routes.HOME, title="Bookings")
# Reflex shows the page registered at "404" for every address it has no page for.
app.add_page(not_found_page, route=routes.NOT_FOUND, title="Page not found")
app.add_page(sign_up_page, route=routes.SIGN_UP, title="Create account", on_load=AuthState.open_sign_in)
app.add_page(sign_in_page, route=routes.SIGN_IN, title="Sign in", on_load=AuthState.open_sign_in)

app.add_page(inbox_page, route=routes.INBOX, title="Inbox", on_load=[AppState.require_staff, InboxState.load])
app.add_page(dashboard_home_page, route=routes.DASHBOARD, title="Home", on_load=[AppState.require_staff, DashboardHomeState.load,
                                                                                          HomeOverviewState.load])
app.add_page(services_page, route=routes.SERVICES, title="Services", on_load=[AppState.require_staff, ServicesState.load])
app.add_page(service_editor_page, route=routes.SERVICE_EDIT, title="Service",
             on_load=[AppState.require_staff, ServiceEditorState.load])
app.add_page(availability_page, route=routes.AVAILABILITY, title="Availability",
             on_load=[AppState.require_staff, AvailabilityState.load])
app.add_page(team_page, route=routes.TEAM, title="Team", on_load=[AppState.require_owner, TeamState.load])
app.add_page(business_settings_page, route=routes.BUSINESS_SETTINGS, title="Business",
             on_load=[AppState.require_owner, BusinessSettingsState.load])
app.add_page(share_page, route=routes.SHARE, title="Share your booking page", on_load=[AppState.require_staff, ShareState.load])
app.add_page(profile_page, route=routes.PROFILE, title="Your profile", on_load=[AppState.require_staff, ProfileState.load])
app.add_page(join_page, route=routes.JOIN, title="Join the team", on_load=JoinState.load)
app.add_page(mailbox_page, route=routes.MAILBOX, title="Dev mailbox", on_load=[AppState.require_owner, MailboxState.load])
app.add_page(agenda_page, route=routes.AGENDA, title="Agenda", on_load=[AppState.require_staff, AgendaState.load, AgendaSlotState.close])
app.add_page(customers_page, route=routes.CUSTOMERS, title="Customers", on_load=[AppState.require_staff, CustomersState.load])
app.add_page(customer_page, route=routes.CUSTOMER, title="Customer",
             on_load=[AppState.require_staff, CustomerProfileState.load, CustomerClassesState.load_classes,
                      CustomerPacksState.load_packs])
app.add_page(reports_page, route=routes.REPORTS, title="Reports", on_load=AppState.require_staff)
app.add_page(customers_report_page, route=routes.REPORTS_CUSTOMERS, title="Customers report",
             on_load=[AppState.require_staff, CustomerReportState.load])

app.add_page(cancellations_report_page, route=routes.REPORTS_CANCELLATIONS, title="Cancellations report",
             on_load=[AppState.require_staff, CancellationsReportState.load])
app.add_page(revenue_report_page, route=routes.REPORTS_REVENUE, title="Bookings and revenue",
             on_load=[AppState.require_staff, RevenueReportState.load])
app.add_page(requests_report_page, route=routes.REPORTS_REQUESTS, title="Requests report",
             on_load=[AppState.require_staff, RequestsReportState.load])
app.add_page(noshows_report_page, route=routes.REPORTS_NO_SHOWS, title="No-shows",
             on_load=[AppState.require_staff, NoShowsReportState.load])
app.add_page(occupancy_report_page, route=routes.REPORTS_OCCUPANCY, title="Class occupancy",
             on_load=[AppState.require_staff, OccupancyReportState.load])

app.add_page(schedule_page, route=routes.SCHEDULE, title="Schedule", on_load=[AppState.require_staff, ScheduleState.load])
app.add_page(class_session_page, route=routes.SCHEDULE_SESSION, title="Class session",
             on_load=[AppState.require_staff, ClassSessionState.load, SessionAdminState.load_admin])
app.add_page(orders_page, route=routes.ORDERS, title="Orders", on_load=[AppState.require_staff, OrdersState.load])
app.add_page(order_page, route=routes.ORDER, title="Order",
             on_load=[AppState.require_staff, OrderState.load, OrderProposalState.load, OrderActionsState.reset_on_load,
                      BookingAlertState.load_alert])
app.add_page(new_booking_page, route=routes.NEW_BOOKING, title="New booking",
             on_load=[AppState.require_staff, NewBookingState.load])
app.add_page(statement_page, route=routes.REPORTS_STATEMENT, title="Statement",
             on_load=[AppState.require_staff, StatementState.load])
app.add_page(settings_page, route=routes.SETTINGS, title="Settings", on_load=[AppState.require_staff, SettingsPageState.load])
app.add_page(credit_packs_page, route=routes.CREDIT_PACKS, title="Credit packs", on_load=[AppState.require_staff, CreditPacksState.load])
app.add_page(template_editor_page, route=routes.NOTIFICATIONS, title="Email templates", on_load=[AppState.require_owner, TemplateEditorState.load])

app.add_page(portal_page, route=routes.PORTAL, title="Book online", on_load=PortalState.load)
app.add_page(request_form_page, route=routes.PORTAL_SERVICE, title="Book online", on_load=RequestFormState.load)
app.add_page(book_appointment_page, route=routes.PORTAL_BOOK, title="Book a time", on_load=BookAppointmentState.load)
app.add_page(manage_page, route=routes.MANAGE, title="Your booking", on_load=ClassManageState.load_page)
app.add_page(customer_sign_in_page, route=routes.PORTAL_SIGN_IN, title="Sign in", on_load=CustomerSignInState.load)
app.add_page(customer_bookings_page, route=routes.PORTAL_BOOKINGS, title="Your bookings", on_load=CustomerBookingsState.load)
app.add_page(waitlist_claim_page, route=routes.PORTAL_WAITLIST, title="Your waitlist place", on_load=WaitlistClaimState.load)
app.add_page(confirm_booking_page, route=routes.PORTAL_CONFIRM, title="Confirm your booking", on_load=ConfirmBookingState.load)
app.add_page(portal_classes_page, route=routes.PORTAL_CLASSES, title="Classes", on_load=PortalClassesState.load)
app.add_page(portal_credits_page, route=routes.PORTAL_CREDITS, title="Credits", on_load=PortalCreditsState.load)

# Every page first settles the visitor's language (the browser's, until they choose one), so
# the page's own on_load already formats in it. `_load_events` holds each route's on_load list.
for _events in app._load_events.values():
    _events.insert(0, AppState.pick_language)
routes.PAGE_TITLES.update({route: page.title for route, page in app._unevaluated_pages.items() if isinstance(page.title, str)})
