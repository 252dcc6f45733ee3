"""Cache busting for the registration page's snapshot of an event and its
parts (``selectors.event_for_registration``). Covers the coordinator's
screens, the admin and the services alike."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Charter, CharterVersion, Event, EventPart
from .selectors import registration_snapshot_key


def _forget(*slugs) -> None:
    cache.delete_many([registration_snapshot_key(slug) for slug in slugs if slug])


@receiver(pre_save, sender=Event)
def _event_renamed(sender, instance, raw=False, **kwargs):
    # The old slug's snapshot must go too: its URL now answers 404.
    if instance.pk and not raw:
        _forget(
            Event.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        )


@receiver([post_save, post_delete], sender=Event)
def _event_changed(sender, instance, **kwargs):
    _forget(instance.slug)


@receiver([post_save, post_delete], sender=EventPart)
def _part_changed(sender, instance, **kwargs):
    _forget(*Event.objects.filter(pk=instance.event_id).values_list("slug", flat=True))


@receiver([post_save, post_delete], sender=Charter)
@receiver([post_save, post_delete], sender=CharterVersion)
def _charter_changed(sender, instance, **kwargs):
    charter_id = instance.pk if sender is Charter else instance.charter_id
    _forget(*Event.objects.filter(charter_id=charter_id).values_list("slug", flat=True))
