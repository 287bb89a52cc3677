import reflex as rx

config = rx.Config(
    app_name="bookingapp",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # The app owns its database through bookingapp.db (SQLModel + Alembic);
    # Reflex's rx.Model machinery and its `reflex db` commands are not used.
    disable_plugins=[rx.plugins.SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="teal", gray_color="slate", radius="medium"))],
)
