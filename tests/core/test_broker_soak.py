import sqlite3
import threading

import pytest
from kombu import Connection

from bench.soak_broker import failed, soak
from config.settings.celery import EMBEDDED_BROKER_OPTIONS, embedded_broker_urls

# These make their own embedded broker, even where the suite runs on Redis:
# CI runs them once, in the README step.
pytestmark = pytest.mark.embedded_broker


@pytest.mark.integration
def test_embedded_broker_loses_nothing_and_keeps_its_worker_alive(tmp_path):
    """25 s of bench/soak_broker.py: beat and a web sender every 0.1 s."""
    figures = soak(25, folder=tmp_path / "soak")

    assert figures["sent"] > 200
    assert figures["lost"] == 0
    assert figures["worker_crashes"] == []
    assert figures["beat_crashes"] == []
    assert figures["tracebacks"] == 0
    assert figures["publish_errors"] == []
    assert not failed(figures)


def test_a_message_still_being_written_is_never_handed_out(tmp_path):
    """What killed the filesystem broker's worker: reading a message whose
    write had begun and not ended. On the embedded SQLite broker a message is
    a row written in one transaction: until it commits the reader waits, then
    gets the whole message."""
    broker_url, _results = embedded_broker_urls(tmp_path)
    with Connection(broker_url, transport_options=EMBEDDED_BROKER_OPTIONS) as conn:
        queue = conn.SimpleQueue("half-written")
        queue.put({"model": "the whole message"})
        broker = sqlite3.connect(
            tmp_path / "broker.sqlite3", isolation_level=None, check_same_thread=False
        )
        queue_id, payload = broker.execute(
            "SELECT queue_id, payload FROM kombu_message"
        ).fetchone()
        broker.execute("DELETE FROM kombu_message")
        # A publisher in the middle of its write.
        broker.execute("BEGIN IMMEDIATE")
        broker.execute(
            "INSERT INTO kombu_message (queue_id, visible, timestamp, payload, version)"
            " VALUES (?, 1, CURRENT_TIMESTAMP, ?, 1)",
            (queue_id, payload),
        )
        threading.Timer(1.0, broker.execute, args=("COMMIT",)).start()

        message = queue.get(timeout=10)

        assert message.payload == {"model": "the whole message"}
        message.ack()
        queue.close()
        broker.close()
