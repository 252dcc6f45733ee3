"""Extract, compile and check the translation catalogues.

``python scripts/messages.py`` refreshes every ``django.po`` (the project's in
``locale/`` for ``templates/``, ``config/`` and ``core/``; each app's in
``<app>/locale/``), compiles them, and with ``--check`` fails when a French
entry is missing or fuzzy. Each app keeps its own catalogue so that work on
one app never conflicts with another's.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APPS = ["partners", "events", "workshops", "evaluations", "reports"]
IGNORE = [".venv/*", "var/*", "tests/*", "bench/*", "static/vendor/*", "scripts/*"]


def run(args, cwd):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(args, cwd=cwd, env=env, check=True)


def catalogues():
    yield ROOT / "locale"
    for app in APPS:
        if (ROOT / app / "locale").is_dir():
            yield ROOT / app / "locale"


def make(only_app: str | None = None) -> None:
    """Refresh the catalogues; with ``only_app``, touch that app's alone."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    common = [
        "makemessages",
        "-l",
        "fr",
        "-l",
        "en",
        "--no-obsolete",
        "--add-location",
        "file",
    ]
    for app in APPS:
        (ROOT / app / "locale").mkdir(exist_ok=True)
    ignore = list(IGNORE)
    if only_app:
        # makemessages matches ignore patterns against folder *names* too, so
        # "templates/*" would also hide every app's templates/: ignore only the
        # other apps (the project catalogue is refreshed too, harmlessly).
        ignore += [f"{name}/*" for name in APPS if name != only_app]
    run([*manage, *common, *(f"--ignore={p}" for p in ignore)], ROOT)
    compile_all()


def compile_all() -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    run([*manage, "compilemessages", "--ignore=.venv", "--ignore=var"], ROOT)


def check_conflicts() -> int:
    """Django merges every catalogue: a msgid translated two ways in two
    catalogues shows whichever loads first everywhere. Use ``pgettext``
    where the meanings differ, or the same translation where they do not."""
    translations: dict[tuple, dict[str, list[str]]] = {}
    for locale_dir in catalogues():
        po_path = locale_dir / "fr" / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            continue
        for entry in polib.pofile(str(po_path)):
            value = entry.msgstr or repr(sorted(entry.msgstr_plural.items()))
            owners = translations.setdefault((entry.msgctxt, entry.msgid), {})
            owners.setdefault(value, []).append(str(po_path.relative_to(ROOT)))
    conflicts = 0
    for (context, msgid), values in translations.items():
        if len(values) > 1:
            conflicts += 1
            shown = "; ".join(
                f"{v!r} in {', '.join(paths)}" for v, paths in values.items()
            )
            print(f"translated differently: {msgid!r} (context {context!r}): {shown}")
    return conflicts


def check() -> int:
    problems = 0
    for locale_dir in catalogues():
        po_path = locale_dir / "fr" / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            print(f"{po_path.relative_to(ROOT)}: missing")
            problems += 1
            continue
        po = polib.pofile(str(po_path))
        for entry in po.untranslated_entries() + po.fuzzy_entries():
            print(
                f"{po_path.relative_to(ROOT)}: untranslated or fuzzy: {entry.msgid!r}"
            )
            problems += 1
    problems += check_conflicts()
    if problems:
        print(f"{problems} French entries to translate or reconcile.")
    else:
        print("French catalogues complete.")
    return 1 if problems else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--check", action="store_true", help="only check, change nothing"
    )
    parser.add_argument("--compile", action="store_true", help="only compile")
    parser.add_argument("--app", help="refresh only this app's catalogue")
    options = parser.parse_args()
    if options.check:
        sys.exit(check())
    if options.compile:
        compile_all()
        sys.exit(0)
    make(options.app)
    sys.exit(check())
