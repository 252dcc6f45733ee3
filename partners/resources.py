"""The one resource behind the admin, the coordinator pages and the commands.

Exports go through django-import-export's ``ModelResource``; imports go
through ``import_file``, which uses the bulk engine of ``importing`` (10,000
rows in a few seconds, all or nothing, reasons in French).
"""

from django.utils.translation import gettext as _
from import_export import fields, resources

from core.spreadsheets import csv_bytes, neutralise, xlsx_bytes

from . import importing
from .models import Organisation


class OrganisationResource(resources.ModelResource):
    nom = fields.Field(attribute="name", column_name="nom")
    sigle = fields.Field(attribute="acronym", column_name="sigle")
    type = fields.Field(attribute="kind", column_name="type")
    adresse = fields.Field(attribute="address", column_name="adresse")
    code_postal = fields.Field(attribute="postal_code", column_name="code_postal")
    commune = fields.Field(attribute="commune", column_name="commune")
    email = fields.Field(attribute="email", column_name="email")
    telephone = fields.Field(attribute="phone", column_name="telephone")
    site_web = fields.Field(attribute="website", column_name="site_web")
    publics = fields.Field(column_name="publics")
    thematiques = fields.Field(column_name="thematiques")
    rna = fields.Field(attribute="rna", column_name="rna")
    siret = fields.Field(attribute="siret", column_name="siret")

    class Meta:
        model = Organisation
        fields = importing.PARTNER_COLUMNS
        export_order = importing.PARTNER_COLUMNS

    def get_queryset(self):
        return Organisation.objects.prefetch_related("audiences", "themes").order_by(
            "sort_name", "pk"
        )

    def dehydrate_publics(self, organisation):
        return "|".join(a.name for a in organisation.audiences.all())

    def dehydrate_thematiques(self, organisation):
        return "|".join(t.name for t in organisation.themes.all())

    # The admin's exports (tablib) quote formulas as a CSV must; the directory
    # pages and ``export_partners`` write through ``core.spreadsheets``, which
    # quotes a CSV and types an XLSX's text as text.
    neutralise_cells = True

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields, **kwargs)
        return [neutralise(value) for value in row] if self.neutralise_cells else row

    # Importing ------------------------------------------------------------

    @staticmethod
    def preview_file(content: bytes, filename: str = "", *, postal_code="", **kw):
        """Read and plan without writing; raises ``importing.ImportFileError``."""
        table = importing.read_table(content, filename, postal_code=postal_code, **kw)
        return importing.plan_import(table)

    @classmethod
    def import_file(
        cls,
        content: bytes,
        filename: str = "",
        *,
        by=None,
        postal_code="",
        dry_run=False,
        skip_invalid=False,
        **kw,
    ):
        """Plan, then write the accepted rows unless told not to.

        Nothing is written on a dry run, nor when a row is rejected and
        ``skip_invalid`` is false. Returns the plan either way.
        """
        plan = cls.preview_file(content, filename, postal_code=postal_code, **kw)
        if dry_run or (plan.rejected and not skip_invalid):
            return plan
        return importing.apply_plan(plan, by=by)


def _rows(queryset=None) -> list:
    resource = OrganisationResource()
    resource.neutralise_cells = False
    dataset = resource.export(queryset)
    return [dataset.headers, *dataset]


def export_csv(queryset=None) -> bytes:
    """``;``-separated UTF-8 with a BOM, so Excel in French opens it as is."""
    return csv_bytes(_rows(queryset))


def export_xlsx(queryset=None) -> bytes:
    return xlsx_bytes(_rows(queryset), title=_("Partner directory"))
