from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.integrations.models import EVENT_KINDS, ORGANISATION_ONLY_KINDS


class WebhookForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What the webhook feeds, e.g. “Build radiator”."),
    )
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("Townhall POSTs signed JSON here. It must be a public http(s) address."),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, group=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = [
            (kind, label)
            for kind, label in EVENT_KINDS.items()
            if group is None or kind not in ORGANISATION_ONLY_KINDS
        ]
        if not editing:
            del self.fields["active"]

    def add_action_errors(self, error) -> None:
        for field, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class BotForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("Shown on its posts, e.g. “Build server”.")
    )
