"""Browser tests: Playwright for Python driving Debian's Chromium. The
`browser` and `new_page` fixtures live in the root conftest.py, so the whole
session shares one Playwright (its sync API keeps an event loop running in
the main thread, and a second one cannot start beside it)."""
