"""The private storage: files that are never under a public MEDIA_URL.

Generated PDFs and partnership conventions live there; views stream them
after a permission check. ``storages["private"]`` may be a local folder or an
S3-compatible bucket shared by web and workers.
"""

from pathlib import PurePath

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.http import FileResponse, Http404
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


def download_response(file, *, content_type=None) -> FileResponse:
    """Stream a stored file as an attachment under its own name (without the
    storage's folders). A 404 when there is none, or when it has gone."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=PurePath(file.name).name,
        content_type=content_type,
    )
