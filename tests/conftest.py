"""Cross-app fixtures and the test harness (live Celery worker, Chromium)."""

import os
import shutil

import pytest

# pytest-playwright's sync API runs an event loop in the test thread; Django
# would otherwise refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(
        reason="Chromium is not installed (apt-get install chromium); .ci/run installs it"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def coordinator(db):
    from tests.factories import CoordinatorFactory

    return CoordinatorFactory(username="coordination", first_name="Camille")


@pytest.fixture
def funder(db):
    from tests.factories import FunderFactory

    return FunderFactory(username="financeur")


@pytest.fixture
def partner_user(db):
    from tests.factories import PartnerUserFactory

    return PartnerUserFactory(username="partenaire")


@pytest.fixture
def live_worker(transactional_db):
    """A real Celery worker process; tasks are sent to it instead of run eagerly."""
    from config.celery import app
    from tests.celery_harness import LiveWorker

    worker = LiveWorker().start()
    app.conf.task_always_eager = False
    try:
        yield worker
    finally:
        app.conf.task_always_eager = True
        worker.stop()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Browse as the French users do: their browsers ask for French."""
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (snapshots, rate-limit counters)."""
    from django.core.cache import cache

    cache.clear()


def delete_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    """PostgreSQL's flush between transactional tests (live server, live
    worker, browser) as DELETEs of the tables that hold rows, instead of one
    TRUNCATE of all ~90: TRUNCATE makes new files for every table and index,
    0.4 s on a quiet machine and 2 to 4 s on a busy one; the few tables a test
    wrote to empty in milliseconds. The statements run in one transaction
    (``execute_sql_flush``) and Django's foreign keys are deferred to its
    commit, so the order does not matter. Sequences are left alone, as the
    TRUNCATE without ``reset_sequences`` leaves them."""
    if not tables or reset_sequences:
        return _truncate_flush(
            self,
            style,
            tables,
            reset_sequences=reset_sequences,
            allow_cascade=allow_cascade,
        )
    # Table names from Django's introspection, quoted.
    quote = self.quote_name
    probe = " UNION ALL ".join(
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})"  # noqa: S608
        for table in tables
    )
    with self.connection.cursor() as cursor:
        cursor.execute(probe, list(tables))
        holding = [row[0] for row in cursor.fetchall()]
    return [f"DELETE FROM {quote(table)};" for table in holding]  # noqa: S608


try:
    from django.db.backends.postgresql.operations import DatabaseOperations
except ImportError:  # psycopg absent: no PostgreSQL here
    DatabaseOperations = None
else:
    _truncate_flush = DatabaseOperations.sql_flush


@pytest.fixture(scope="session", autouse=True)
def _fast_postgresql_flush():
    if DatabaseOperations is None:
        yield
        return
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(DatabaseOperations, "sql_flush", delete_flush)
        yield


@pytest.fixture(scope="session", autouse=True)
def _remove_test_folders():
    """The broker and private folders of this test process go with it."""
    yield
    from django.conf import settings

    if broker_dir := settings.CELERY_EMBEDDED_BROKER_DIR:
        shutil.rmtree(broker_dir, ignore_errors=True)
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


def pytest_terminal_summary(terminalreporter):
    """The permission matrix's size and unexpected cells, summed over its parts
    and test processes (tests/test_permission_matrix.py records them)."""
    totals = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name.startswith("matrix_"):
                    totals[name] = totals.get(name, 0) + value
    if totals.get("matrix_urls"):
        urls, cells = totals["matrix_urls"], totals["matrix_cells"]
        terminalreporter.write_line(
            f"permission matrix: {urls} URLs × 8 roles × 2 methods, and A's "
            f"partner and funder on B's objects: {cells} cells, "
            f"{totals['matrix_unexpected']} unexpected"
        )
