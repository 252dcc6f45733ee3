"""Browser-test helpers: an axe-core accessibility check served from disk."""

from pathlib import Path

import pytest

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page; return its violations (id, nodes)."""
    page.evaluate(AXE_SOURCE)  # through the DevTools protocol, so the CSP allows it
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


@pytest.fixture
def assert_accessible():
    def check(page):
        assert axe_violations(page) == []

    return check
