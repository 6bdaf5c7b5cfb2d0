"""Forms for articles and their comments. They only parse; the rules (empty, too long, who
may publish where) live in townhall.blogs.actions, whose ValidationErrors land on the field
their code names."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from townhall.blogs.models import (
    MAX_BODY_LENGTH,
    MAX_COMMENT_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    Article,
    BlogSettings,
)


class ActionErrors:
    def add_action_error(self, error: ValidationError, default: str | None = None) -> None:
        """Put an action's error on the field its code names (else on `default`)."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else default, messages)
            return
        for item in error.error_list:
            field = item.code if item.code in self.fields else default
            for message in item.messages:
                self.add_error(field, message)


class ArticleForm(ActionErrors, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_TITLE_LENGTH}),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        help_text=_("One or two sentences shown in lists and feeds."),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_SUMMARY_LENGTH}),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        help_text=_(
            "Markdown: **bold**, _italic_, # headings, lists, links. Upload a picture "
            "below, then paste the line it gives you."
        ),
        widget=forms.Textarea(attrs={"rows": 18, "maxlength": MAX_BODY_LENGTH}),
    )
    audience = forms.ChoiceField(label=_("Who may read it"), choices=Article.Audience.choices)
    group = forms.TypedChoiceField(
        label=_("Group"), required=False, coerce=int, empty_value=None, choices=[]
    )
    cover = forms.FileField(
        label=_("Cover picture"),
        required=False,
        help_text=_("Optional. JPEG, PNG, WebP or GIF, at most 5 MB."),
    )
    cover_alt = forms.CharField(
        label=_("Describe the cover picture"),
        required=False,
        max_length=200,
        help_text=_("For people who cannot see it."),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover picture"), required=False)
    allow_visitor_comments = forms.BooleanField(
        label=_("Let visitors without an account comment (public articles only)"),
        required=False,
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty to publish now. Your time zone."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, groups=(), public_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {g.pk: g for g in groups}
        self.fields["group"].choices = [
            ("", _("Choose a group")),
            *[(g.pk, g.name) for g in groups],
        ]
        if not public_allowed:
            self.fields["audience"].choices = [
                c for c in Article.Audience.choices if c[0] != Article.Audience.PUBLIC
            ]

    def chosen_group(self):
        return self.groups.get(self.cleaned_data.get("group"))


class CommentForm(ActionErrors, forms.Form):
    body = forms.CharField(
        label=_("Write a comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_COMMENT_LENGTH}),
    )


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Picture for the text"))


class BlogSettingsForm(forms.Form):
    public_publishers = forms.ChoiceField(
        label=_("Who may publish articles publicly (readable without signing in)"),
        choices=BlogSettings.PublicPublishers.choices,
        widget=forms.RadioSelect,
    )
