"""Shared test set-up and the newsroom's personas.

Personas (as in healthchecks' hc/test.py): Eddie the editor, Rita the
reporter, Rafe a second reporter, Cora a contributor, Mo the moderator, Ada
the admin, Rosa a reader with no newsroom role (verified_reader: with her
email confirmed), Mia a reader who will be a member (the membership app makes
her one), and Sam a second reader. Tests use these, never their own copies."""

import os

# Settings read these at import; tests never need real secrets or hosts.
os.environ.setdefault("NEWSLINE_TESTING", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import pytest  # noqa: E402

PASSWORD = "correct horse battery staple"


# Test selection for `make test`'s later passes (docs/testing.md) ------------

# A test touches the database if it is marked django_db or uses one of these
# fixtures (directly or through another fixture, such as asgi_server).
DATABASE_FIXTURES = {
    "db", "transactional_db", "django_db_setup", "django_db_reset_sequences", "django_db_serialized_rollback",
    "live_server",
}


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only", action="store_true",
        help="run only the tests that touch the database (make test's PostgreSQL pass: the rest "
             "ran on SQLite already and do not depend on the database)",
    )


def uses_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    kept, dropped = [], []
    for item in items:
        (kept if uses_database(item) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts and ends in the site's language. A request's
    language stays active in its thread after the response (newsline's
    LanguageMiddleware, like Django's LocaleMiddleware, activates one per
    request and leaves it), and the test client runs each request in the
    test's own thread: a German blog's forum page would otherwise leave the
    next test in the same worker speaking German."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "eddie", "eddie@example.org", PASSWORD, role="editor", display_name="Eddie Editor"
    )


@pytest.fixture
def reporter(django_user_model):
    return django_user_model.objects.create_user(
        "rita", "rita@example.org", PASSWORD, role="reporter", display_name="Rita Reporter"
    )


@pytest.fixture
def other_reporter(django_user_model):
    return django_user_model.objects.create_user(
        "rafe", "rafe@example.org", PASSWORD, role="reporter", display_name="Rafe Reporter"
    )


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("rosa", "rosa@example.org", PASSWORD, display_name="Rosa Reader")


@pytest.fixture
def contributor(django_user_model):
    return django_user_model.objects.create_user(
        "cora", "cora@example.org", PASSWORD, role="contributor", display_name="Cora Contributor"
    )


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_user(
        "mo", "mo@example.org", PASSWORD, role="moderator", display_name="Mo Moderator"
    )


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_user(
        "ada", "ada@example.org", PASSWORD, role="admin", display_name="Ada Admin"
    )


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("mia", "mia@example.org", PASSWORD, display_name="Mia Member")


@pytest.fixture
def stranger(django_user_model):
    return django_user_model.objects.create_user("sam", "sam@example.org", PASSWORD, display_name="Sam Stranger")


@pytest.fixture
def verified_reader(reader):
    """Rosa with her email address confirmed, as allauth's sign-in asks."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    return reader


@pytest.fixture
def blog(editor):
    from liveblogs import actions

    blog = actions.create_blog(by=editor, headline="Storm hits the coast", slug="storm", standfirst="Live coverage.")
    return actions.open_blog(blog=blog, by=editor)


@pytest.fixture
def publish(editor):
    """publish(blog, headline=..., body=..., **flags) through the real action."""
    from liveblogs import actions

    def _publish(blog, headline="An update", body="<p>Something happened.</p>", by=None, **kwargs):
        content_keys = {"label", "kind", "article_url", "article_author", "article_headline", "article_standfirst"}
        content = actions.PostContent(
            headline=headline, body=body, **{k: kwargs.pop(k) for k in list(kwargs) if k in content_keys}
        )
        return actions.publish_post(blog=blog, by=by or editor, content=content, **kwargs)

    return _publish


@pytest.fixture
def run_jobs():
    """run_jobs() runs every job due in the queue with the worker's own code,
    inside the test's transaction (tests/jobs.py); returns how many ran."""
    from tests.jobs import run_pending_jobs

    return run_pending_jobs


@pytest.fixture(scope="session")
def asgi_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """The real ASGI server (granian) on a free port, sharing the test database.
    Tests using it need `transactional_db` so their writes are committed."""
    from tests.server import Server

    with django_db_blocker.unblock():
        server = Server(tmp_path_factory.mktemp("server"))
    yield server
    server.stop()


@pytest.fixture
def unique_blog(editor):
    """A live blog with a fresh slug: the server's hub outlives each test's data."""
    import uuid

    from liveblogs import actions

    blog = actions.create_blog(by=editor, headline="Floods across the valley", slug=f"floods-{uuid.uuid4().hex[:8]}")
    return actions.open_blog(blog=blog, by=editor)


# Browser tests ----------------------------------------------------------------
# Playwright for Python driving Debian's Chromium; never `playwright install`.
# Locally the tests skip with a message when it is missing; in CI (CI=true)
# they fail. ONE Playwright for the whole session: its sync API keeps an event
# loop running in the main thread, so a second sync_playwright() cannot start
# beside it. Every browser test uses `browser` / `new_page` from here.

import shutil  # noqa: E402

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are ordinary blocking calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = _chromium()
    if path is None:
        message = "Chromium is not installed (apt-get install chromium); browser tests need it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait up to 15 s (Playwright's default is 5): CI machines run
    # servers, workers and Chromium on two cores.
    expect.set_options(timeout=15_000)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(**context_options): a page in a fresh context, closed after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()

