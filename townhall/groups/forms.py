"""Forms for the group pages: they parse what the browser sent; groups.actions validates."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from townhall.groups.models import Group, Membership

KIND_HELP = {
    Group.Kind.PUBLIC: _("Everyone in the organisation sees it, reads its posts and can join."),
    Group.Kind.PRIVATE: _(
        "Listed with its name and description; posts and members are for members. "
        "People ask to join and an admin decides."
    ),
    Group.Kind.SECRET: _("Invisible to everyone but its members. Membership by invitation only."),
}


class KindSelect(forms.RadioSelect):
    option_template_name = "groups/_kind_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["help"] = KIND_HELP.get(value, "")
        if option["attrs"].get("id"):
            option["attrs"] = {
                **option["attrs"],
                "aria-describedby": f"{option['attrs']['id']}_help",
            }
        return option


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search groups"), required=False, max_length=200)
    after = forms.CharField(required=False, max_length=400)

    def search_args(self) -> dict:
        if self.is_valid():
            return {"query": self.cleaned_data["q"], "after": self.cleaned_data["after"] or None}
        return {"query": str(self.data.get("q", ""))[:200], "after": None}


class GroupForm(forms.Form):
    """Create a group, or (with the current values as initial) edit one in its settings."""

    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the group is for. Everyone who can see the group reads this."),
    )
    kind = forms.ChoiceField(
        label=_("Who can see it"), choices=Group.Kind.choices, widget=KindSelect
    )

    def add_action_errors(self, error: ValidationError) -> None:
        """Put an action's error next to the field it is about (its code names the field)."""
        for item in error.error_list:
            self.add_error(item.code if item.code in self.fields else None, item)


class InviteForm(forms.Form):
    username = forms.CharField(
        label=_("Invite a colleague"),
        max_length=150,
        help_text=_("Start typing a name and choose their username."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("decline", "decline")])


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class PinForm(forms.Form):
    post = forms.IntegerField(label=_("Post to pin"), required=False, min_value=1)
