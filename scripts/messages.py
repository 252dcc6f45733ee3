"""Extract, compile and check the translation catalogues.

``python scripts/messages.py`` refreshes every ``django.po`` (the project's in
``locale/`` for ``templates/``, ``config/`` and ``core/``; each app's in
``<app>/locale/``), compiles them, and with ``--check`` fails when a French
entry is missing or fuzzy, when a catalogue's header does not give its
language's plural forms, or when a plural entry lacks one of them. Each refresh
sets the headers (``makemessages`` copies Django's own three-form French rule,
meant for its translators' "millions" form, which our two-form entries lack:
every count of 2 or more then showed in English). Each app keeps its own catalogue so that work on
one app never conflicts with another's.
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APPS = ["partners", "events", "workshops", "evaluations", "reports"]
IGNORE = [".venv/*", "var/*", "tests/*", "bench/*", "static/vendor/*", "scripts/*"]
# French and English have two plural forms; French's singular covers 0 and 1.
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "en": "nplurals=2; plural=(n != 1);",
}


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
    for locale_dir in catalogues():
        for language in PLURAL_FORMS:
            po_path = locale_dir / language / "LC_MESSAGES" / "django.po"
            if po_path.exists():
                po_path.write_text(fix_header(po_path.read_text(), language))
    compile_all()


def fix_header(text: str, language: str) -> str:
    """Give ``text`` (a .po file) its language and plural forms, and drop the
    plural translations past the last form (the header alone changes, and
    those lines: other entries stay byte for byte)."""
    header, sep, entries = text.partition("\n\n")
    header = re.sub(r"^#, fuzzy\n(?=msgid \"\"\n)", "", header, flags=re.MULTILINE)
    header = re.sub(
        r'^"Language: [^"\n]*\\n"$',
        lambda _match: f'"Language: {language}\\n"',
        header,
        flags=re.MULTILINE,
    )
    header = re.sub(
        r'^"Plural-Forms: [^\n]*(?:\n"[^\n]*)*?\\n"$',
        lambda _match: f'"Plural-Forms: {PLURAL_FORMS[language]}\\n"',
        header,
        flags=re.MULTILINE,
    )
    nplurals = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[language]).group(1))
    extra_form = re.compile(
        rf'^msgstr\[(?:[{nplurals}-9]|\d\d+)\] [^\n]*\n(?:"[^\n]*\n)*', re.MULTILINE
    )
    return header + sep + extra_form.sub("", entries)


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


def plural_problems(po_path: Path, language: str) -> list[str]:
    """What is wrong with the plural forms of one catalogue: its header must
    give its language's, and every French plural entry each form (a missing
    one shows the English)."""
    forms = PLURAL_FORMS[language]
    po = polib.pofile(str(po_path))
    problems = []
    declared = " ".join(po.metadata.get("Plural-Forms", "").split())
    if declared != forms:
        problems.append(f"Plural-Forms is {declared!r}, not {forms!r}")
    if language != "fr":
        return problems  # English entries fall back to their source text
    nplurals = int(re.search(r"nplurals=(\d+)", forms).group(1))
    for entry in po:
        if not entry.msgid_plural or entry.obsolete:
            continue
        given = {int(k) for k, v in entry.msgstr_plural.items() if v}
        if given != set(range(nplurals)):
            problems.append(
                f"plural entry {entry.msgid!r} gives forms {sorted(given)}, "
                f"not {list(range(nplurals))}"
            )
    return problems


def check_plural_forms() -> int:
    problems = 0
    for locale_dir in catalogues():
        for language in PLURAL_FORMS:
            po_path = locale_dir / language / "LC_MESSAGES" / "django.po"
            if po_path.exists():
                for problem in plural_problems(po_path, language):
                    print(f"{po_path.relative_to(ROOT)}: {problem}")
                    problems += 1
    return problems


def check() -> int:
    problems = check_plural_forms()
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
