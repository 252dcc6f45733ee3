"""The catalogues give French its two plural forms, and stay so."""

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts/messages.py")
messages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(messages)

# What makemessages writes for a new French catalogue (Django's own rule).
DJANGO_HEADER = """# SOME DESCRIPTIVE TITLE.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: PACKAGE VERSION\\n"
"Language: \\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % "
"1000000 == 0 ? 1 : 2;\\n"

#: events/templates/events/organiser/series_list.html
#, python-format
msgid "%(counter)s edition"
msgid_plural "%(counter)s editions"
msgstr[0] "%(counter)s édition"
msgstr[1] "%(counter)s éditions"
msgstr[2] ""
"%(counter)s éditions"

msgid "Events"
msgstr "Événements"
"""


def test_fix_header_gives_french_two_plural_forms_and_keeps_the_entries(tmp_path):
    po_path = tmp_path / "django.po"
    assert messages.plural_problems(_write(po_path, DJANGO_HEADER), "fr")

    po_path.write_text(messages.fix_header(DJANGO_HEADER, "fr"))

    text = po_path.read_text()
    assert '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in text
    assert '"Language: fr\\n"' in text
    assert "msgstr[2]" not in text and "#, fuzzy" not in text
    assert 'msgstr[1] "%(counter)s éditions"\n\nmsgid "Events"' in text
    assert messages.plural_problems(po_path, "fr") == []


def test_a_french_plural_entry_missing_a_form_is_reported(tmp_path):
    fixed = messages.fix_header(DJANGO_HEADER, "fr").replace(
        'msgstr[1] "%(counter)s éditions"', 'msgstr[1] ""'
    )

    problems = messages.plural_problems(_write(tmp_path / "django.po", fixed), "fr")

    assert problems == [
        "plural entry '%(counter)s edition' gives forms [0], not [0, 1]"
    ]


def test_every_catalogue_of_the_project_passes_the_check():
    result = subprocess.run(
        [sys.executable, "scripts/messages.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext is not installed")
def test_every_catalogue_passes_msgfmt_check():
    for po_path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po")):
        if ".venv" in po_path.parts:
            continue
        result = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(po_path)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"{po_path}: {result.stderr}"


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path
