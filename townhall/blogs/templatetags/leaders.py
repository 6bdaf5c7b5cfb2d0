"""The badge after a person's name, the same everywhere: `{% load leaders %}{% leader_badge
person %}` (or its other name, `{% role_badge person %}`): "Leader" for leaders, "External"
for external guests.

Costs no query: it reads the person's role, already loaded with them.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def leader_badge(person):
    """The badge that goes after a person's name wherever it appears: "Leader" for a
    leader, "External" for an external guest (so nobody mistakes a partner for a
    colleague), nothing for anyone else."""
    role = getattr(person, "role", None)
    if role == "guest":
        return format_html(
            ' <span class="badge badge-external" title="{}">{}</span>',
            _("External guest: sees only the groups they were invited to"),
            _("External"),
        )
    if role != "leader" or not getattr(person, "is_active", False):
        return ""
    return format_html(' <span class="badge badge-leader">{}</span>', _("Leader"))


role_badge = register.simple_tag(leader_badge, name="role_badge")


@register.filter
def article_path(article) -> str:
    from django.urls import reverse

    return reverse("blogs:article", args=[article.author.username, article.slug])
