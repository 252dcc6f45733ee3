import factory

from reports.models import ReportJob

from .core import CoordinatorFactory

__all__ = ["ReportJobFactory"]


class ReportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportJob

    kind = "aide-memoire"
    object_id = ""
    title = "Aide-mémoire de l'annuaire des partenaires"
    fingerprint = factory.Sequence(lambda n: f"{n:064d}")
    requested_by = factory.SubFactory(CoordinatorFactory)
    status = ReportJob.Status.PENDING
