"""The lock files pin what pyproject.toml asks for, so an image built next
month installs the same versions as the one tested today."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^ ;\\]+)", re.MULTILINE)


def _pins(name: str) -> dict[str, Version]:
    text = (ROOT / name).read_text()
    return {canonicalize_name(n): Version(v) for n, v in PIN.findall(text)}


def _requirements(*extras: str) -> list[Requirement]:
    lines = PYPROJECT["dependencies"] + [
        line for extra in extras for line in PYPROJECT["optional-dependencies"][extra]
    ]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", ("s3",)), ("requirements-dev.lock", ("s3", "dev"))],
)
def test_each_lock_pins_every_requirement_within_its_bounds(lock, extras):
    pins = _pins(lock)

    for requirement in _requirements(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock} does not pin {name}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name}=={pins[name]}, outside {requirement.specifier}"
        )


def test_the_dev_lock_pins_the_image_lock_versions_and_every_pin_has_a_hash():
    image, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")

    assert {name: dev.get(name) for name in image} == image
    for lock in ("requirements.lock", "requirements-dev.lock"):
        blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", (ROOT / lock).read_text())
        assert all("--hash=sha256:" in block for block in blocks[1:]), lock


def test_django_is_required_at_the_version_whose_settings_we_use():
    """The settings use MAILERS, new in Django 6.1."""
    (django,) = [r for r in _requirements() if r.name.lower() == "django"]

    assert not django.specifier.contains("6.0.9")
    assert django.specifier.contains("6.1.3")


def test_dev_reinstalls_when_the_lock_changes_and_installs_from_it():
    script = (ROOT / "dev").read_text()

    assert "cat pyproject.toml requirements-dev.lock | cksum" in script
    assert "--require-hashes -r requirements-dev.lock" in script
    assert "--no-deps -e ." in script
    assert "--require-hashes -r requirements.lock" in (ROOT / "Dockerfile").read_text()
