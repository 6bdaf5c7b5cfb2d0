from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.moderation.actions import DETAILS_LIMIT, NOTE_LIMIT
from townhall.moderation.models import Outcome, Reason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should moderators look at this?"),
        choices=Reason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Anything moderators should know (optional)"),
        required=False,
        max_length=DETAILS_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[(value, label) for value, label in Outcome.choices if value != Outcome.RESTORE]
    )
    note = forms.CharField(required=False, max_length=NOTE_LIMIT)
