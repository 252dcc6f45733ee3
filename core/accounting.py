"""The associations' chart of accounts, as the compte-rendu financier of a
subsidy (Cerfa n° 15059) lists it: budgets of events and of funded projects
carry these accounts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Account(models.TextChoices):
    """The accounts of the associations' chart of accounts that the
    compte-rendu financier (Cerfa n° 15059) lists."""

    PURCHASES = "60", _("60 – Purchases")
    EXTERNAL_SERVICES = "61", _("61 – External services")
    OTHER_EXTERNAL_SERVICES = "62", _("62 – Other external services")
    TAXES = "63", _("63 – Taxes")
    STAFF = "64", _("64 – Staff costs")
    OTHER_CHARGES = "65", _("65 – Other operating charges")
    DEPRECIATION = "68", _("68 – Depreciation and provisions")
    IN_KIND_USES = "86", _("86 – Uses of voluntary contributions in kind")
    SALES = "70", _("70 – Sales of goods and services")
    STORED_PRODUCTION = "71", _("71 – Stored production")
    CAPITALISED_PRODUCTION = "72", _("72 – Capitalised production")
    ALLOCATIONS = "73", _("73 – Allocations and pricing income")
    SUBSIDIES = "74", _("74 – Operating subsidies")
    OTHER_INCOME = "75", _("75 – Other operating income")
    WRITE_BACKS = "78", _("78 – Write-backs of depreciation and provisions")
    IN_KIND_CONTRIBUTIONS = "87", _("87 – Voluntary contributions in kind")

    @classmethod
    def is_charge(cls, account: str) -> bool:
        return account.startswith("6") or account == cls.IN_KIND_USES


CHARGE_ACCOUNTS = [a for a in Account if Account.is_charge(a)]
INCOME_ACCOUNTS = [a for a in Account if not Account.is_charge(a)]
