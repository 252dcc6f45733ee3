"""The directory's search and filters."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core import fields as bounded

from .models import Audience, Organisation, Theme, sort_key


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All")
    )
    audience = bounded.ModelChoiceFilter(
        label=_("Audience"),
        field_name="audiences",
        queryset=Audience.objects.all(),
        empty_label=_("All"),
    )
    theme = bounded.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        empty_label=_("All"),
    )
    commune = django_filters.ChoiceFilter(
        label=_("Commune"), choices=[], empty_label=_("All")
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "audience", "theme", "commune"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        communes = (
            Organisation.objects.exclude(commune="")
            .order_by()
            .values_list("commune", flat=True)
            .distinct()
        )
        self.filters["commune"].extra["choices"] = [
            (c, c) for c in sorted(communes, key=lambda c: (sort_key(c), c))
        ]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)
