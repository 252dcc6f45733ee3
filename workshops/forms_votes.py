"""Forms of theme votes: the coordinator's, and the voters' public ones."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import ModelForm
from core.forms import OneTimeKeyField
from events.models import Committee, Event

from .models import ThemeProposal, ThemeVote


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ThemeVoteForm(ModelForm):
    class Meta:
        model = ThemeVote
        fields = [
            "title",
            "event",
            "committee",
            "dots_per_voter",
            "allow_proposals",
            "opens_at",
            "closes_at",
        ]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}
        help_texts = {
            "event": _("The winner becomes an atelier of this event."),
            "committee": _(
                "Or: the winner becomes the theme of a new debate evening "
                "(draft) of this committee's organiser."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.only("title").order_by(
            "-starts_at"
        )
        self.fields["committee"].queryset = Committee.objects.only("title")
        if self.instance.pk and self.instance.is_closed:
            for name in ("event", "committee"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("event")) == bool(cleaned.get("committee")):
            raise forms.ValidationError(
                _("Choose either an event or a committee (one of the two).")
            )
        return cleaned


class ThemeProposalForm(ModelForm):
    class Meta:
        model = ThemeProposal
        fields = ["title", "question", "proposed_by"]
        widgets = {"question": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, vote, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.vote = vote


class PublicProposalForm(forms.Form):
    title = forms.CharField(label=_("Your theme"), max_length=300)
    question = forms.CharField(
        label=_("The question it asks (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    proposed_by = forms.CharField(
        label=_("Your first name (optional)"), required=False, max_length=120
    )
    submission_key = OneTimeKeyField()


class BallotForm(forms.Form):
    """One number field a proposal: how many of one's dots go on it."""

    submission_key = OneTimeKeyField()

    def __init__(self, *args, vote, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        self.proposals = list(proposals)
        for proposal in self.proposals:
            self.fields[f"dots_{proposal.pk}"] = forms.IntegerField(
                label=proposal.title,
                required=False,
                min_value=0,
                max_value=vote.dots_per_voter,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": _("Give a whole number of dots, 0 or more."),
                    "min_value": _("Give a whole number of dots, 0 or more."),
                    "max_value": _("You have %(limit_value)s dots at most."),
                },
            )

    def clean(self):
        cleaned = super().clean()
        own = {f"dots_{p.pk}" for p in self.proposals}
        if any(key.startswith("dots_") and key not in own for key in (self.data or {})):
            raise forms.ValidationError(
                _("This theme is not one of this vote’s themes: reload the page.")
            )
        if self.errors:
            return cleaned
        total = sum(cleaned.get(name) or 0 for name in own)
        if total > self.vote.dots_per_voter:
            raise forms.ValidationError(
                _("You have %(dots)s dots and placed %(total)s: remove %(extra)s.")
                % {
                    "dots": self.vote.dots_per_voter,
                    "total": total,
                    "extra": total - self.vote.dots_per_voter,
                }
            )
        if total == 0:
            raise forms.ValidationError(_("Place at least one dot."))
        return cleaned

    def allocation(self) -> dict[int, int]:
        return {
            p.pk: self.cleaned_data.get(f"dots_{p.pk}") or 0 for p in self.proposals
        }
