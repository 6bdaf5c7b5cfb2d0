"""Forms for sessions, questions and answers. They only parse; the rules (empty, too long,
end before start, who may open a session where) live in townhall.ama.actions, whose
ValidationErrors land on the field they name."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from townhall.ama.models import (
    MAX_ANSWER_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_QUESTION_LENGTH,
    MAX_TITLE_LENGTH,
)

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class ActionErrorsMixin:
    def add_action_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


def _when(label):
    return forms.DateTimeField(
        label=label,
        input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT),
        error_messages={"invalid": _("Enter a date and time, e.g. 2026-05-04 14:00.")},
    )


class SessionForm(ActionErrorsMixin, forms.Form):
    title = forms.CharField(
        label=_("Topic"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_TITLE_LENGTH}),
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_DESCRIPTION_LENGTH}),
    )
    group = forms.ChoiceField(label=_("Audience"), required=False)
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))

    def __init__(self, *args, groups, org_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Everyone in the organisation"))] if org_allowed else []
        choices += [(str(g.pk), g.name) for g in groups]
        self.fields["group"].choices = choices
        self.groups = {str(g.pk): g for g in groups}

    def target_group(self):
        return self.groups.get(self.cleaned_data.get("group") or "")


class QuestionForm(ActionErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your question"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_QUESTION_LENGTH}),
    )
    anonymous = forms.BooleanField(
        label=_("Hide my name from others (moderators can still see who asked)"),
        required=False,
    )


class AnswerForm(ActionErrorsMixin, forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_ANSWER_LENGTH}),
    )
