"""HTML to PDF with WeasyPrint: one piece for short documents, sections for long.

WeasyPrint's cost grows faster than the page count (about pages^1.25 and
7 MB a page at peak, measured in bench/bench_reports.py), so a long document
is rendered section by section, each piece laid out alone, then merged with
pypdf. The merged document gets its page numbers ("page x / y") from a light
overlay and its table of contents from a front piece rendered last, once the
page of every section is known.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import storages
from django.template.loader import render_to_string

from .registry import Plan, Section

logger = logging.getLogger(__name__)
# WeasyPrint logs each layout step at INFO: too chatty for worker logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# WeasyPrint resolves relative URLs against this; it is never fetched.
BASE_URL = "https://maillage.invalid/"
# A document is "long" (and gets a table of contents) beyond this many pages.
TOC_MIN_PAGES = 5

Progress = Callable[[int], None]


def _weasyprint():
    # Slow to import (Pango, fonts): only workers that render pay for it.
    import weasyprint

    return weasyprint


def url_fetcher_class():
    """The URL fetcher class, built lazily so that WeasyPrint loads only here."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalURLFetcher(URLFetcher):
        """Serve ``/static/`` from disk and ``/media/`` from storage, nothing else.

        A worker never fetches our own site, nor anything, over the network.
        """

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
                raise ValueError(f"Network access refused: {url}")
            path = unquote(parts.path)
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            if path.startswith(settings.STATIC_URL):
                body = read_static(path.removeprefix(settings.STATIC_URL))
            elif settings.MEDIA_URL and path.startswith(settings.MEDIA_URL):
                body = read_media(path.removeprefix(settings.MEDIA_URL))
            else:
                raise ValueError(f"Not a static or media file: {url}")
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return LocalURLFetcher


def read_static(relative: str) -> bytes:
    found = finders.find(relative)
    if not found:
        root = settings.STATIC_ROOT
        candidate = (root / relative) if root else None
        if candidate is None or not candidate.is_file():
            raise FileNotFoundError(relative)
        found = str(candidate)
    with open(found, "rb") as handle:
        return handle.read()


def read_media(name: str) -> bytes:
    with storages["default"].open(name, "rb") as handle:
        return handle.read()


def logo_url(logo) -> str:
    """The logo's URL for WeasyPrint, or "" when there is none on storage."""
    name = getattr(logo, "name", "") or ""
    if not name:
        return ""
    storage = getattr(logo, "storage", storages["default"])
    try:
        if not storage.exists(name):
            logger.warning("Logo %s is missing; rendering without it.", name)
            return ""
    except OSError:
        return ""
    return settings.MEDIA_URL + name


@dataclass
class Rendered:
    pdf: bytes
    page_count: int


@dataclass
class Piece:
    """A rendered piece of a long document; ``anchors`` map to its own pages."""

    file: Any
    page_count: int
    anchors: dict[str, int]


def html_to_document(html: str):
    weasyprint = _weasyprint()
    return weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=url_fetcher_class()()
    ).render()


def html_to_pdf(html: str) -> Rendered:
    """Render ``html`` in one piece (the benchmark's baseline uses this too)."""
    document = html_to_document(html)
    return Rendered(pdf=document.write_pdf(), page_count=len(document.pages))


def _toc(sections: list[Section]) -> list[dict]:
    return [
        {"title": s.title, "anchor": s.anchor, "level": s.level, "page": None}
        for s in sections
        if s.title and s.anchor
    ]


def chunk_sections(sections: list[Section], limit: int) -> list[list[Section]]:
    """Pack consecutive sections into pieces of at most ``limit`` weight."""
    chunks: list[list[Section]] = []
    current: list[Section] = []
    weight = 0
    for section in sections:
        if current and weight + section.weight > limit:
            chunks.append(current)
            current, weight = [], 0
        current.append(section)
        weight += section.weight
    if current:
        chunks.append(current)
    return chunks


class DocumentRenderer:
    """Render a builder's plan with its template; see the module docstring."""

    def __init__(
        self,
        *,
        template_name: str,
        plan: Plan,
        language: str,
        weight_limit: int,
        progress: Progress | None = None,
    ):
        self.template_name = template_name
        self.plan = plan
        self.language = language
        self.weight_limit = weight_limit
        self.progress = progress or (lambda percent: None)
        self.base_context = {
            **plan.context,
            "title": plan.title,
            "subtitle": plan.subtitle,
            "organiser_name": plan.organiser_name,
            "logo_url": logo_url(plan.logo),
            "language": language,
        }

    def html(
        self,
        *,
        sections,
        show_front=True,
        show_back=True,
        show_toc=False,
        toc=(),
        css_page_numbers=True,
        explicit_toc_pages=False,
    ) -> str:
        return render_to_string(
            self.template_name,
            {
                **self.base_context,
                "sections": sections,
                "show_front": show_front,
                "show_back": show_back,
                "show_toc": show_toc,
                "toc": list(toc),
                "css_page_numbers": css_page_numbers,
                "explicit_toc_pages": explicit_toc_pages,
            },
        )

    def full_html(self) -> str:
        """The whole document in one HTML, as the one-piece path renders it."""
        sections = self.plan.sections
        toc = _toc(sections)
        with_toc = len(toc) > 1 and self.plan.estimated_pages >= TOC_MIN_PAGES
        return self.html(sections=sections, show_toc=with_toc, toc=toc)

    def render(self) -> Rendered:
        if self.is_long():
            return self.render_by_sections()
        return self.render_one_piece()

    def render_one_piece(self) -> Rendered:
        """Render in one piece; the table of contents only past four pages.

        The builder's page estimate picks the first try, so a second layout
        is needed only when the estimate was on the wrong side of the limit.
        """
        sections = self.plan.sections
        toc = _toc(sections)
        with_toc = len(toc) > 1 and self.plan.estimated_pages >= TOC_MIN_PAGES
        self.progress(20)
        rendered = html_to_pdf(self.html(sections=sections, show_toc=with_toc, toc=toc))
        if len(toc) > 1 and with_toc != (rendered.page_count >= TOC_MIN_PAGES):
            self.progress(60)
            rendered = html_to_pdf(
                self.html(sections=sections, show_toc=not with_toc, toc=toc)
            )
        self.progress(90)
        return rendered

    def chunks(self) -> list[list[Section]]:
        return chunk_sections(self.plan.sections, self.weight_limit)

    def is_long(self) -> bool:
        sections = self.plan.sections
        total_weight = sum(s.weight for s in sections)
        return len(sections) > 1 and total_weight > self.weight_limit

    def render_piece(self, index: int, chunks=None) -> Piece:
        """Lay out one piece of a long document alone (no page numbers yet)."""
        chunks = chunks if chunks is not None else self.chunks()
        html = self.html(
            sections=chunks[index],
            show_front=False,
            show_back=index == len(chunks) - 1,
            css_page_numbers=False,
        )
        document = html_to_document(html)
        anchors: dict[str, int] = {}
        for number, page in enumerate(document.pages, start=1):
            for anchor in page.anchors:
                anchors.setdefault(anchor, number)
        piece = tempfile.TemporaryFile()  # noqa: SIM115 - closed by assemble()
        document.write_pdf(piece)
        return Piece(file=piece, page_count=len(document.pages), anchors=anchors)

    def render_by_sections(self) -> Rendered:
        chunks = self.chunks()
        pieces = []
        for index in range(len(chunks)):
            pieces.append(self.render_piece(index, chunks))
            self.progress(10 + int(75 * (index + 1) / len(chunks)))
        return self.assemble(pieces)

    def assemble(self, pieces: list[Piece]) -> Rendered:
        """Front (cover, contents) + pieces, numbered "page x / y", one PDF."""
        from pypdf import PdfReader, PdfWriter

        anchors_page: dict[str, int] = {}
        body_pages = 0
        for piece in pieces:
            for anchor, number in piece.anchors.items():
                anchors_page.setdefault(anchor, body_pages + number)
            body_pages += piece.page_count
        front = self.render_front(_toc(self.plan.sections), anchors_page)
        total = front.page_count + body_pages
        writer = PdfWriter()
        writer.append(PdfReader(io.BytesIO(front.pdf)))
        for piece in pieces:
            piece.file.seek(0)
            writer.append(PdfReader(piece.file))
        self.progress(90)
        overlay = PdfReader(io.BytesIO(self.page_numbers_overlay(total)))
        for page, stamp in zip(writer.pages, overlay.pages, strict=True):
            page.merge_page(stamp, over=True)
        set_metadata(
            writer,
            title=self.plan.title,
            author=self.plan.organiser_name,
            language=self.language,
        )
        output = io.BytesIO()
        writer.write(output)
        for piece in pieces:
            piece.file.close()
        return Rendered(pdf=output.getvalue(), page_count=total)

    def render_front(self, toc: list[dict], anchors_page: dict[str, int]) -> Rendered:
        """Cover and table of contents, numbered once the body is laid out."""
        front_pages = 1
        rendered = None
        for _attempt in range(3):
            entries = [
                {**entry, "page": anchors_page.get(entry["anchor"], 0) + front_pages}
                for entry in toc
            ]
            rendered = html_to_pdf(
                self.html(
                    sections=[],
                    show_back=False,
                    show_toc=bool(entries),
                    toc=entries,
                    css_page_numbers=False,
                    explicit_toc_pages=True,
                )
            )
            if rendered.page_count == front_pages:
                break
            front_pages = rendered.page_count
        return rendered

    def page_numbers_overlay(self, total: int) -> bytes:
        """``total`` blank pages carrying only the "page x / y" footer."""
        html = render_to_string(
            "reports/pdf/page_numbers.html",
            {"pages": range(total), "language": self.language},
        )
        return html_to_pdf(html).pdf


def set_metadata(writer, *, title: str, author: str, language: str) -> None:
    from pypdf.generic import NameObject, TextStringObject

    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "Maillage"})
    writer._root_object[NameObject("/Lang")] = TextStringObject(language)
