"""Forms of a funded project's budget: its lines and its two settings."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.accounting import Account
from core.fields import ModelForm
from partners.models import Organisation

from .budget import Line, format_euros
from .models import FundedProject, ProjectBudgetLine

NEGATIVE = _("An amount cannot be negative.")


class ProjectBudgetLineForm(ModelForm):
    class Meta:
        model = ProjectBudgetLine
        fields = ["account", "label", "funder", "planned", "actual", "explanation"]

    def __init__(self, *args, project: FundedProject, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["funder"].queryset = Organisation.objects.only(
            "name", "acronym"
        ).order_by("sort_name", "pk")
        self.fields["explanation"].widget.attrs["rows"] = 2
        self.fields["explanation"].help_text = _(
            "Required when the actual departs from the planned amount by more "
            "than %(threshold)s %%."
        ) % {"threshold": project.variance_threshold}

    def _not_negative(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and value < Decimal("0"):
            raise ValidationError(NEGATIVE, code="negative")
        return value

    def clean_planned(self):
        return self._not_negative("planned")

    def clean_actual(self):
        return self._not_negative("actual")

    def clean(self):
        cleaned = super().clean()
        account = cleaned.get("account")
        if account == Account.SUBSIDIES and not cleaned.get("funder"):
            self.add_error("funder", _("A subsidy line (74) needs its funder."))
        planned, actual = cleaned.get("planned"), cleaned.get("actual")
        if planned is not None and actual is not None and "explanation" in cleaned:
            line = Line(account=account or "", label="", planned=planned, actual=actual)
            threshold = self.project.variance_threshold
            if line.departs(threshold) and not cleaned["explanation"].strip():
                self.add_error(
                    "explanation",
                    _(
                        "Explain the variance: the actual (%(actual)s) departs "
                        "from the planned amount (%(planned)s) by more than "
                        "%(threshold)s %%."
                    )
                    % {
                        "actual": format_euros(actual),
                        "planned": format_euros(planned),
                        "threshold": threshold,
                    },
                )
        return cleaned


class BudgetSettingsForm(ModelForm):
    class Meta:
        model = FundedProject
        fields = ["volunteer_hour_rate", "variance_threshold"]

    def clean_volunteer_hour_rate(self):
        value = self.cleaned_data.get("volunteer_hour_rate")
        if value is not None and value < Decimal("0"):
            raise ValidationError(NEGATIVE, code="negative")
        return value
