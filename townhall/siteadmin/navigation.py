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
    Section("members", _("Members")),
    Section("invite", _("Invitations")),
    Section("import_members", _("Import members")),
    Section("roles", _("Roles")),  # what each role may do, from townhall.access.powers
    Section("settings", _("Settings")),
    Section("blogs", _("Blogs")),
    Section("files", _("Files")),  # townhall.files.admin_area
    Section("tasks", _("Background tasks")),
    Section("sign_in_methods", _("Sign-in and provisioning")),  # townhall.identity
    Section("audit_log", _("Audit log")),  # townhall.identity
    Section("commenters", _("Commenters")),
    Section("webhooks", _("Webhooks")),  # townhall.integrations.admin_urls
]
