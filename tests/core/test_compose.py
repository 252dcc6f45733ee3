"""docker-compose.yml runs N web and N worker replicas on one PostgreSQL and
one Redis, each service with a health check, and no scaled service keeps on
its own disk what another replica needs."""

import re
from pathlib import Path

import pytest

from tests.core.compose_yaml import ComposeYamlError, load

ROOT = Path(__file__).resolve().parents[2]
SCALED = ("web", "worker")
APP = ("web", "worker", "beat", "migrate")


@pytest.fixture(scope="module")
def compose():
    return load((ROOT / "docker-compose.yml").read_text())


def _replicas(service: dict) -> int:
    """The default number of replicas (``${WEB_REPLICAS:-2}`` counts 2)."""
    replicas = service.get("deploy", {}).get("replicas", 1)
    if isinstance(replicas, str):
        match = re.fullmatch(r"\$\{[A-Z_]+:-(\d+)\}", replicas)
        assert match, f"replicas {replicas!r} is neither a number nor ${{VAR:-N}}"
        return int(match[1])
    return replicas


def test_the_stack_has_its_services(compose):
    assert set(compose["services"]) == {
        "proxy",
        "migrate",
        "web",
        "worker",
        "beat",
        "postgres",
        "redis",
    }


def test_web_and_worker_run_several_replicas_and_beat_exactly_one(compose):
    services = compose["services"]
    for name in SCALED:
        assert _replicas(services[name]) >= 2, name
        assert re.fullmatch(
            r"\$\{[A-Z_]+_REPLICAS:-\d+\}", services[name]["deploy"]["replicas"]
        ), f"{name}'s replicas come from an environment variable"
    # Two beats would send every periodic task twice.
    assert services["beat"]["deploy"]["replicas"] == 1
    for name in ("proxy", "postgres", "redis", "migrate"):
        assert _replicas(services[name]) == 1, name


def test_no_scaled_service_has_a_fixed_name_or_host_port(compose):
    services = compose["services"]
    for name in (*SCALED, "beat"):
        assert "container_name" not in services[name], name
        assert "ports" not in services[name], name
    # Only the proxy publishes a port; it spreads requests over the web replicas.
    assert services["proxy"]["ports"] == ["${PROXY_PORT:-8000}:8000"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert re.search(r"dynamic a \{\s*name web\s*port 8000", caddyfile)
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]


def test_every_long_running_service_has_a_health_check(compose):
    for name, service in compose["services"].items():
        if name == "migrate":  # one-shot: the others wait for it to complete
            assert service["restart"] == "no"
            continue
        check = service.get("healthcheck")
        assert check, f"{name} has no health check"
        assert check["test"][0] in {"CMD", "CMD-SHELL"}, name
        assert check.get("interval") and check.get("retries"), name
    web = compose["services"]["web"]["healthcheck"]["test"]
    assert web[-1] == "http://localhost:8000/healthz"


def test_the_app_services_share_one_environment(compose):
    services = compose["services"]
    environment = services["web"]["environment"]
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")
    for name in APP:
        assert services[name]["env_file"] == ".env", name
        assert services[name]["environment"] == environment, name
        assert services[name]["image"] == "maillage:latest", name
    # .env.example names what .env must set; the stack's addresses are its own.
    example = (ROOT / ".env.example").read_text()
    for variable in ("SECRET_KEY", "ALLOWED_HOSTS", "TRUSTED_PROXIES"):
        assert re.search(rf"^{variable}=", example, re.M), variable


def test_app_services_wait_for_the_database_the_broker_and_migrations(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
        # Migrations run once, not once per web replica.
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert "migrate" not in str(services[name]["command"]), name
    assert "migrate" in services["migrate"]["command"]


def test_scaled_services_keep_nothing_on_their_own_disk(compose):
    """Every mount of web and worker is a named volume that both share (or a
    read-only file): a PDF rendered by one worker is served by any web."""
    services = compose["services"]
    named = set(compose["volumes"])
    mounts = {}
    for name in SCALED:
        for volume in services[name]["volumes"]:
            source, target, *mode = volume.split(":")
            if mode == ["ro"]:
                continue
            assert source in named, f"{name} mounts {source!r}, not a named volume"
            mounts.setdefault(name, set()).add((source, target))
    assert mounts["web"] == mounts["worker"]
    # The generated PDFs (private storage) and uploads (media) are among them.
    targets = {target for _source, target in mounts["web"]}
    assert {"/app/var/private", "/app/var/media"} <= targets
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "MAILLAGE_VAR_DIR=/app/var" in dockerfile
    assert "mkdir -p /app/var/media /app/var/private /app/var/beat" in dockerfile


def test_beat_keeps_its_schedule_on_its_own_volume(compose):
    beat = compose["services"]["beat"]
    assert beat["volumes"] == ["beat:/app/var/beat"]
    assert "-s /app/var/beat/celerybeat-schedule" in beat["command"]
    assert "beat" in compose["volumes"]


def test_the_reader_refuses_what_it_does_not_understand():
    with pytest.raises(ComposeYamlError, match="line 2"):
        load("a:\n  b: >\n    folded\n")
    with pytest.raises(ComposeYamlError, match="unknown alias"):
        load("a: *nowhere\n")
    with pytest.raises(ComposeYamlError, match="duplicate key"):
        load("a: 1\na: 2\n")
    assert load('x: &x\n  k: 1\ny:\n  <<: *x\n  k: 2\n  l: ["a"]  # c\n') == {
        "x": {"k": 1},
        "y": {"k": 2, "l": ["a"]},
    }


def test_readme_says_how_to_scale_each_part_and_what_pgbouncer_needs():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Growing past one machine") :]
    section = section[: section.index("\n## ", 1)]
    for part in ("**web**", "**worker**", "**beat**", "**PostgreSQL**", "**Redis**"):
        assert part in section, part
    assert "exactly one" in section
    for needed in (
        "PGBOUNCER_TRANSACTION_POOLING=True",
        "DISABLE_SERVER_SIDE_CURSORS",
        "CONN_MAX_AGE=0",
    ):
        assert needed in section, needed
