"""Checks shared by the forms, the admin and the imports (RNA, SIRET, search)."""

import re
import unicodedata
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RNA_PATTERN = re.compile(r"^W\d{9}$")
SIRET_PATTERN = re.compile(r"^\d{14}$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_rna(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def normalise_siret(value: str) -> str:
    return re.sub(r"[\s.]", "", value or "")


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def validate_rna(value: str) -> None:
    if value and not RNA_PATTERN.match(value):
        raise ValidationError(
            _("An RNA number is a W followed by 9 digits (e.g. W771234567)."),
            code="invalid_rna",
        )


def validate_siret(value: str) -> None:
    if not value:
        return
    if not SIRET_PATTERN.match(value):
        raise ValidationError(
            _("A SIRET number has exactly 14 digits."), code="invalid_siret"
        )
    if not luhn_is_valid(value):
        raise ValidationError(
            _("This SIRET number is not valid (check digit mismatch)."),
            code="invalid_siret_checksum",
        )


CONVENTION_MAX_BYTES = 10 * 1024 * 1024
# Extension -> how such a file starts. ODT and DOCX are ZIP archives.
CONVENTION_SIGNATURES = {
    "pdf": b"%PDF-",
    "odt": b"PK\x03\x04",
    "docx": b"PK\x03\x04",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
    "png": b"\x89PNG\r\n\x1a\n",
}


def validate_convention_file(value) -> None:
    """Accept a PDF, ODT, DOCX, JPG or PNG file of 10 MB at most.

    The first bytes must match the extension, so a renamed program is
    refused too. A file already stored was checked when it was uploaded: it
    is not read again each time its partnership is validated.
    """
    if getattr(value, "_committed", False):
        return
    extension = PurePath(value.name or "").suffix.lower().lstrip(".")
    signature = CONVENTION_SIGNATURES.get(extension)
    wrong_type = ValidationError(
        _("This type of file is not accepted. Send a PDF, ODT, DOCX, JPG or PNG file."),
        code="invalid_convention_type",
    )
    if signature is None:
        raise wrong_type
    if value.size > CONVENTION_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (at most %(size)d MB)."),
            code="file_too_large",
            params={"size": CONVENTION_MAX_BYTES // (1024 * 1024)},
        )
    value.seek(0)
    head = value.read(len(signature))
    value.seek(0)
    if head != signature:
        raise wrong_type


class _AccentTable(dict):
    """``str.translate`` table that learns each new character's base form."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = base.lower()
        return self[code]


_ACCENTS = _AccentTable(
    {ord("œ"): "oe", ord("Œ"): "oe", ord("æ"): "ae", ord("Æ"): "ae"}
)


def normalise_text(value: str) -> str:
    """Lower case, no accents, words separated by single spaces.

    "Croix-Rouge française" becomes "croix rouge francaise", so a search for
    "croix rouge" matches on every database with a plain ``LIKE``.
    """
    if not value:
        return ""
    text = value.lower()
    if not text.isascii():
        text = text.translate(_ACCENTS)
    return _NON_ALNUM.sub(" ", text).strip()


# Words a commune's name keeps in lower case after its first word:
# "Saint-Germain-en-Laye", "La Ferté-sous-Jouarre", "Villeneuve-la-Garenne".
_COMMUNE_PARTICLES = frozenset(
    "à au aux d de des du en et l la le les lès lez sous sur".split()
)
_COMMUNE_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def normalise_commune(value: str) -> str:
    """One spelling per commune: "MEAUX", "meaux " and "Meaux" are "Meaux".

    Spaces are collapsed; a name typed all in capitals or all in lower case
    gets the usual French capitals ("SAINT-DENIS" -> "Saint-Denis",
    "LE MÉE-SUR-SEINE" -> "Le Mée-sur-Seine", "L'HAY-LES-ROSES" ->
    "L'Hay-les-Roses", "VILLENEUVE-D'ASCQ" -> "Villeneuve-d'Ascq"). A name already in mixed case is kept as typed.
    """
    text = " ".join((value or "").split())
    if not text or not (text.isupper() or text.islower()):
        return text

    def word(match):
        part = match.group(0).lower()
        start = match.start()
        if start > 0 and (part in _COMMUNE_PARTICLES or text[start - 1].isdigit()):
            return part  # "Villeneuve-d'Ascq", "Paris 10e"
        return part[:1].upper() + part[1:]

    return _COMMUNE_WORD.sub(word, text)
