"""The admin area's sections, in the order its navigation shows them.

To add a settings page to the admin area:

1. write its view with the `@admin_area_view` decorator (views.py) and render it with
   `render_admin(request, template, context, section="<your url name>")`;
2. give it a URL named ``siteadmin:<your url name>`` in urls.py;
3. add one `Section` to `SECTIONS` below. The shared template ``siteadmin/base.html``
   draws the navigation from this list and marks the current section.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    url_name: str  # inside the "siteadmin" namespace
    label: str | Promise

    @property
    def url(self) -> str:
        return reverse(f"siteadmin:{self.url_name}")


SECTIONS: list[Section] = [
    Section("settings_index", _("Overview")),
    Section("members", _("Members")),
    Section("invite", _("Invitations")),
    Section("roles", _("Roles")),  # what each role may do, from townhall.access.powers
    Section("import_members", _("Import members")),
    Section("groups_overview", _("Groups")),
    Section("settings", _("Settings")),
    Section("blogs", _("Blogs")),
    Section("files", _("Files")),  # townhall.files.admin_area
    Section("tasks", _("Background tasks")),
    Section("sign_in_methods", _("Sign-in and provisioning")),  # townhall.identity
    Section("audit_log", _("Audit log")),  # townhall.identity
    Section("commenters", _("Commenters")),
    Section("webhooks", _("Webhooks")),  # townhall.integrations.admin_urls
]


# What each section is for, on the "All settings" page (a section without a line here is
# listed by its name alone).
PURPOSES = {
    "members": _("Find people, change roles, deactivate and reactivate accounts."),
    "invite": _("Invite people by email; see and revoke pending invitations."),
    "roles": _("What each role may do."),
    "import_members": _("Create or update many members at once from a CSV file."),
    "groups_overview": _("Every group, secret ones too: kind, size, owners, archived."),
    "settings": _("The site's name, logo and the email domains that may sign up."),
    "blogs": _("Who may write articles and what the Leadership page shows."),
    "files": _("Limits on uploaded files."),
    "tasks": _("Background tasks and email that failed or is waiting."),
    "sign_in_methods": _(
        "Single sign-on (OpenID Connect, SAML), SSO-only mode and SCIM provisioning tokens."
    ),
    "audit_log": _("Who did what, when and from where; export as CSV or JSON."),
    "commenters": _("Visitors who comment on public articles, and their sign-in providers."),
    "webhooks": _("Organisation webhooks and their delivery logs."),
}


def settings_entries() -> list[tuple[Section, str]]:
    """Every section but this index, with its purpose (or an empty string)."""
    return [
        (section, PURPOSES.get(section.url_name, ""))
        for section in SECTIONS
        if section.url_name != "settings_index"
    ]
