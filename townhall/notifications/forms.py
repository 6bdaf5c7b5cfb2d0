from django import forms

from townhall.notifications.kinds import KINDS
from townhall.notifications.models import Channel


class PreferencesForm(forms.Form):
    """One choice of channel per kind of notification."""

    def __init__(self, *args, channels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, spec in KINDS.items():
            self.fields[kind] = forms.ChoiceField(
                label=spec.label,
                choices=Channel.choices,
                initial=channels.get(kind),
                widget=forms.Select,
            )
