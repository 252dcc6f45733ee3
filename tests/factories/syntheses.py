import factory

from workshops.models import WorkshopSynthesis

from .workshops import WorkshopFactory

__all__ = ["WorkshopSynthesisFactory"]


class WorkshopSynthesisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopSynthesis

    workshop = factory.SubFactory(WorkshopFactory)
    key_points = "Le numérique ne remplace pas le contact humain."
    recommendations = "Créer un groupe fermé de bénévoles."
    resources = "Plateforme PIX https://pix.fr\nHootsuite"
    success_indicators = "Les bénéficiaires deviennent coacteurs du projet."
