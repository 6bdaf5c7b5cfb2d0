from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.notifications.kinds import KINDS
from townhall.notifications.models import Channel, Digest

PUSH_PREFIX = "push_"


class PreferencesForm(forms.Form):
    """Per kind: a channel, and whether to push it; then the email settings."""

    instant = forms.BooleanField(
        label=_("Email me at once (when I am not using Townhall)"), required=False
    )
    digest = forms.ChoiceField(
        label=_("Digest of what I missed"), choices=Digest.choices, required=False
    )

    def __init__(self, *args, channels: dict[str, str], pushed: set[str], mail, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instant"].initial = mail.instant
        self.fields["digest"].initial = mail.digest
        for kind, spec in KINDS.items():
            self.fields[kind] = forms.ChoiceField(
                label=spec.label,
                choices=Channel.choices,
                initial=channels.get(kind),
                widget=forms.Select,
            )
            self.fields[PUSH_PREFIX + kind] = forms.BooleanField(
                label=_("Push: %(kind)s") % {"kind": spec.label},
                required=False,
                initial=kind in pushed,
            )

    def clean_digest(self) -> str:
        return self.cleaned_data.get("digest") or self.fields["digest"].initial

    def kind_rows(self):
        return [(self[kind], self[PUSH_PREFIX + kind]) for kind in KINDS]

    def channels(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in KINDS}

    def pushed(self) -> set[str]:
        return {kind for kind in KINDS if self.cleaned_data.get(PUSH_PREFIX + kind)}
