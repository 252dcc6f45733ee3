"""The private storage: files that are never under a public MEDIA_URL.

Generated PDFs and partnership conventions live there; views stream them
after a permission check. ``storages["private"]`` may be a local folder or an
S3-compatible bucket shared by web and workers.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    """``storages["private"]``, looked up when first used, not at import."""

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = PrivateStorage()


def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


setting_changed.connect(_reset_private_storage)


def private_storage():
    """The callable a ``FileField(storage=…)`` takes (kept out of migrations)."""
    return _private_storage
