"""Fixtures of the reports tests: private storage in a temporary folder."""

import io
import re

import pytest
from pypdf import PdfReader


@pytest.fixture(autouse=True)
def private_storage(request, settings, tmp_path):
    """Unit tests keep their PDFs in a temporary folder.

    Tests with a live worker share the worker's (the test settings') folder.
    """
    if request.node.get_closest_marker("integration"):
        return None
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    return tmp_path / "private"


def flatten(text: str) -> str:
    """Text as read, whatever the line breaks inside table cells."""
    text = text.replace("\u2010\n", "").replace("-\n", "-")
    # Not str.split(): the no-break spaces of French typography must stay.
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return flatten("\n".join(page.extract_text() for page in reader.pages))


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def job_pdf(job) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def pdf_metadata(data: bytes) -> tuple[str, str]:
    """The PDF's title and language, as screen readers and indexers see them."""
    reader = PdfReader(io.BytesIO(data))
    return reader.metadata.title, str(reader.trailer["/Root"].get("/Lang"))
