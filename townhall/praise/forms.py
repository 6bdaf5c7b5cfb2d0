"""The "Give praise" form. It only parses (usernames to people); the rules (1-10 colleagues,
not yourself, a known badge, a short message) live in townhall.praise.actions."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.praise.models import MAX_MESSAGE_LENGTH

SEPARATORS = re.compile(r"[\s,;]+")


class PraiseForm(forms.Form):
    recipients = forms.CharField(
        label=_("Colleagues to praise"),
        required=False,
        max_length=1000,
        help_text=_("Their usernames, separated by spaces or commas (e.g. @ingrid @sofie)."),
    )
    # Not a ChoiceField: an unknown badge gets the action's message, which lists the badges.
    badge = forms.CharField(label=_("Badge"), required=False, max_length=40)
    message = forms.CharField(
        label=_("Message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_MESSAGE_LENGTH}),
    )
    group = forms.ChoiceField(label=_("Share with"), required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Everyone in the organisation"))]
        choices += [(str(g.pk), g.name) for g in groups]
        self.fields["group"].choices = choices
        self.groups = {str(g.pk): g for g in groups}

    def usernames(self) -> list[str]:
        text = self.cleaned_data.get("recipients") or ""
        return [name.lstrip("@") for name in SEPARATORS.split(text) if name.strip("@")]

    def target(self):
        return self.groups.get(self.cleaned_data.get("group") or "")
