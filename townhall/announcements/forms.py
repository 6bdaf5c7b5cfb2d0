"""Forms of announcements. They only parse; the rules live in townhall.announcements.actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.posts.models import MAX_BODY_LENGTH


class AnnouncementForm(forms.Form):
    """`group` is "" for the whole organisation or the id of one of the offered groups."""

    body = forms.CharField(
        label=_("Announcement"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_BODY_LENGTH}),
    )
    group = forms.ChoiceField(label=_("Announce to"), required=False)

    def __init__(self, *args, groups, org_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Everyone in the organisation"))] if org_allowed else []
        choices += [(str(g.pk), g.name) for g in groups]
        self.fields["group"].choices = choices
        self.groups = {str(g.pk): g for g in groups}

    def target(self):
        return self.groups.get(self.cleaned_data.get("group") or "")
