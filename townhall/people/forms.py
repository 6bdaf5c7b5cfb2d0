"""The profile form: it parses what the browser sent; people.actions.update_profile validates."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from townhall.accounts.models import TIME_ZONES, User
from townhall.people import selectors
from townhall.people.actions import EDITABLE_FIELDS

TEXT_FIELDS = ("display_name", "pronouns", "job_title", "department", "location", "phone")


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search people"), required=False, max_length=200)
    department = forms.ChoiceField(label=_("Department"), required=False)
    after = forms.CharField(required=False, widget=forms.HiddenInput, max_length=400)

    def __init__(self, data, *, departments: list[str]):
        super().__init__(data)
        self.fields["department"].choices = [("", _("All departments"))] + [
            (name, name) for name in departments
        ]
        self.fields["q"].widget.attrs.update(
            {"type": "search", "autocomplete": "off", "placeholder": _("Name, title, skill…")}
        )

    def search_args(self) -> dict:
        """The search terms, ignoring anything malformed (a stale department, a bad cursor)."""
        if self.is_valid():
            return {
                "query": self.cleaned_data["q"],
                "department": self.cleaned_data["department"],
                "after": self.cleaned_data["after"] or None,
            }
        return {"query": self.data.get("q", "")[:200], "department": "", "after": None}


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"), max_length=EDITABLE_FIELDS["display_name"]
    )
    pronouns = forms.CharField(
        label=_("Pronouns"),
        required=False,
        max_length=EDITABLE_FIELDS["pronouns"],
        help_text=_("For example she/her, he/him or they/them."),
    )
    avatar = forms.FileField(
        label=_("Profile picture"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB. It is cropped to a square."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    remove_avatar = forms.BooleanField(
        label=_("Remove the current picture"), required=False, label_suffix=""
    )
    job_title = forms.CharField(
        label=_("Job title"), required=False, max_length=EDITABLE_FIELDS["job_title"]
    )
    department = forms.CharField(
        label=_("Department"), required=False, max_length=EDITABLE_FIELDS["department"]
    )
    location = forms.CharField(
        label=_("Location"), required=False, max_length=EDITABLE_FIELDS["location"]
    )
    manager = forms.CharField(
        label=_("Manager"),
        required=False,
        max_length=150,
        help_text=_("Start typing a colleague's name and choose their username; empty for none."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=EDITABLE_FIELDS["phone"],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    bio = forms.CharField(
        label=_("About me"),
        required=False,
        max_length=EDITABLE_FIELDS["bio"],
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    expertise = forms.CharField(
        label=_("Expertise"),
        required=False,
        max_length=1000,
        help_text=_("Topics people can ask you about, separated by commas."),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    time_zone = forms.ChoiceField(label=_("Time zone"), required=False)

    def __init__(self, *args, actor: User, person: User, **kwargs):
        self.actor = actor
        self.person = person
        kwargs.setdefault("initial", self.initial_for(person))
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Same as my browser")), *settings.LANGUAGES]
        self.fields["time_zone"].choices = [("", _("Not set"))] + [(z, z) for z in TIME_ZONES]
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"
        # Suggestions while typing (htmx fills the datalist); a plain username works without JS.
        self.fields["manager"].widget.attrs.update(
            {
                "list": "manager-options",
                "autocomplete": "off",
                "hx-get": reverse("people:manager_options", args=[person.username]),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#manager-options",
                "hx-swap": "innerHTML",
            }
        )
        if not person.avatar:
            del self.fields["remove_avatar"]

    @staticmethod
    def initial_for(person: User) -> dict:
        initial = {
            name: getattr(person, name) for name in (*TEXT_FIELDS, "bio", "language", "time_zone")
        }
        initial["expertise"] = ", ".join(person.expertise)
        initial["manager"] = person.manager.username if person.manager_id else ""
        return initial

    def clean_manager(self) -> User | None:
        username = self.cleaned_data["manager"].strip().lstrip("@")
        if not username:
            return None
        manager = selectors.find_manager(self.actor, username)
        if manager is None:
            raise ValidationError(
                _("No active colleague has the username “%(name)s”."), params={"name": username}
            )
        return manager

    def clean_expertise(self) -> list[str]:
        return [tag.strip() for tag in self.cleaned_data["expertise"].split(",") if tag.strip()]

    def changes(self) -> dict:
        """What update_profile should apply: every field of the form."""
        data = self.cleaned_data
        changes = {name: data[name] for name in (*TEXT_FIELDS, "bio", "language", "time_zone")}
        changes["expertise"] = data["expertise"]
        changes["manager"] = data["manager"]
        if data.get("avatar"):
            changes["avatar"] = data["avatar"]
        elif data.get("remove_avatar"):
            changes["avatar"] = None
        return changes

    def add_action_errors(self, error: ValidationError) -> None:
        """Put the action's errors next to the fields they name."""
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)
