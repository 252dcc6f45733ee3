"""Reads of events reused by several callers."""

from django.db.models import Count, Q, QuerySet

from .models import Event


def events_for_organiser(*, user) -> QuerySet[Event]:
    return (
        Event.objects.visible_to(user)
        .select_related("organiser", "series")
        .annotate(
            registration_count=Count(
                "registrations", filter=Q(registrations__cancelled_at__isnull=True)
            )
        )
    )
