"""Forms for posts and comments. They only parse; the rules (empty, too long, who may
post where) live in townhall.posts.actions, whose ValidationErrors land on `body`."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from townhall.posts.models import MAX_BODY_LENGTH


def _body_field(label):
    # Not `required`/`max_length` here: the action gives the clear, translated message.
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_BODY_LENGTH}),
    )


class BodyForm(forms.Form):
    body = _body_field(_("Text"))

    def add_action_error(self, error: ValidationError) -> None:
        for message in error.messages:
            self.add_error("body", message)


class PostForm(BodyForm):
    body = _body_field(_("Write a post"))
    group = forms.IntegerField(required=False, widget=forms.HiddenInput)
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class CommentForm(BodyForm):
    body = _body_field(_("Write a comment"))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class EditForm(BodyForm):
    pass


class MoveForm(forms.Form):
    """`group` is "" for the whole organisation or a group id from the offered choices."""

    group = forms.ChoiceField(label=_("Move to"))

    def __init__(self, *args, targets, org_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Everyone in the organisation"))] if org_allowed else []
        choices += [(str(g.pk), g.name) for g in targets]
        self.fields["group"].choices = choices
        self.targets = {str(g.pk): g for g in targets}

    def target(self):
        return self.targets.get(self.cleaned_data["group"])
