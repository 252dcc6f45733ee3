import pytest

from bench.soak_broker import failed, soak


@pytest.mark.integration
@pytest.mark.xdist_group("live-worker")
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
