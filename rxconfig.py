import reflex as rx

from bookingapp.radix_css import LeanRadixThemesPlugin

config = rx.Config(
    app_name="bookingapp",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # Phone weight (bench/lighthouse_bench.py): serve brotli sidecars first (smaller than
    # gzip), and keep Radix Themes' full namespace out of every page's root bundle (it is
    # only needed by rx.dynamic components, which the app does not use).
    frontend_compression_formats=["brotli", "gzip"],
    frontend_lazy_bundled_libraries=True,
    # The app owns its database through bookingapp.db (SQLModel + Alembic);
    # Reflex's rx.Model machinery and its `reflex db` commands are not used.
    disable_plugins=[rx.plugins.SitemapPlugin],
    # Only the Radix colours and breakpoints the app names (bookingapp/radix_css.py).
    plugins=[LeanRadixThemesPlugin(theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium"))],
)
