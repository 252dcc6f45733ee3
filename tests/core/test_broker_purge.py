import sqlite3

from django.conf import settings
from kombu import Connection

from config.settings.celery import EMBEDDED_BROKER_OPTIONS
from core.tasks import purge_delivered_messages


def _rows(broker_file):
    with sqlite3.connect(broker_file) as db:
        return db.execute(
            "SELECT visible, payload FROM kombu_message ORDER BY id"
        ).fetchall()


def test_delivered_messages_are_deleted_and_waiting_ones_kept(tmp_path):
    broker_file = tmp_path / "broker.sqlite3"
    with Connection(
        f"sqla+sqlite:///{broker_file}", transport_options=EMBEDDED_BROKER_OPTIONS
    ) as conn:
        queue = conn.SimpleQueue("purge-test")
        for n in range(3):
            queue.put({"n": n})
        for _n in range(2):
            queue.get(timeout=5).ack()
        assert [visible for visible, _payload in _rows(broker_file)] == [0, 0, 1]

        deleted = purge_delivered_messages(broker_file)

        assert deleted == 2
        assert len(_rows(broker_file)) == 1
        assert queue.get(timeout=5).payload == {"n": 2}
        queue.close()


def test_a_broker_that_never_sent_anything_has_nothing_to_purge(tmp_path):
    assert purge_delivered_messages(tmp_path / "broker.sqlite3") == 0


def test_beat_purges_the_embedded_broker_hourly_and_only_that_one():
    entry = settings.CELERY_BEAT_SCHEDULE.get("core-purge-delivered-broker-messages")

    if settings.CELERY_EMBEDDED_BROKER_DIR:
        assert entry == {
            "task": "core.purge_delivered_broker_messages",
            "schedule": 3600.0,
        }
    else:
        assert entry is None
