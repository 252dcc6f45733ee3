"""Fill French translations from a JSON object {msgid: msgstr}.

``python scripts/fill_po.py partners/locale/fr/LC_MESSAGES/django.po fr.json``
sets each listed entry's msgstr and clears its fuzzy flag; for plural entries,
give a list [singular, plural]. Prints the entries still missing.
"""

import json
import sys

import polib


def main(po_path: str, json_path: str) -> int:
    po = polib.pofile(po_path)
    with open(json_path, encoding="utf-8") as handle:
        translations = json.load(handle)
    for entry in po:
        if entry.msgid in translations:
            value = translations[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = dict(enumerate(value))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
    po.save(po_path)
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    for msgid in missing:
        print(f"missing: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
