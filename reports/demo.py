"""Demo of the reports app: nothing to load.

Documents are generated on demand: the RESO77 meeting, the journée's
programme and the directory each carry a "Générer le PDF" button, and
``python manage.py render_report`` renders them from the command line.
Rendering PDFs at load time would only slow ``loaddemo`` down.
"""


def load(*, stdout=None) -> None:
    if stdout is not None:
        stdout.write(
            "Documents: use « Générer le PDF » on a meeting, an event or the "
            "directory, or `python manage.py render_report aide-memoire all`."
        )
