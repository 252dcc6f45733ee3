import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reports.models import ReportJob
from tests.factories import AgendaItemFactory, EventFactory, OrganisationFactory

# The command waits for the job: its queuing must commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("render_report", *args, "--timeout", "60", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_render_report_prints_the_stored_pdf_path_last(private_storage):
    OrganisationFactory(name="Croix-Rouge de Meaux")

    out, err = run("aide-memoire", "all")

    path = Path(out.strip().splitlines()[-1])
    job = ReportJob.objects.get()
    assert path.read_bytes()[:5] == b"%PDF-"
    assert (job.status, job.requested_by, path) == ("ready", None, Path(job.file.path))
    assert "Prêt" in err


def test_render_report_renders_a_programme_by_event_id(private_storage):
    event = EventFactory(title="Journée inter-associative")
    AgendaItemFactory(event=event, title="Accueil café")

    out, _err = run("programme", str(event.pk))

    assert Path(out.strip().splitlines()[-1]).name == f"programme-{event.slug}.pdf"


def test_render_report_refuses_an_unknown_kind():
    with pytest.raises(CommandError) as error:
        run("inconnu", "1")

    assert str(error.value).startswith(
        "Type de document inconnu\u00a0: «\u00a0inconnu\u00a0»"
    )
    assert ReportJob.objects.count() == 0


def test_render_report_refuses_a_missing_object():
    with pytest.raises(CommandError) as error:
        run("programme", "424242")

    assert (
        str(error.value)
        == "Aucun objet d'identifiant 424242 pour «\u00a0programme\u00a0»."
    )


def test_render_report_exits_non_zero_when_the_job_fails(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "tests.reports.test_services.SuspiciousStorage"},
    }
    OrganisationFactory()

    with pytest.raises(CommandError) as error:
        run("aide-memoire", "0")

    assert str(error.value).startswith(
        "Échec\u00a0: Le fichier n'a pas pu être enregistré"
    )
