"""The "Leader" badge, the same everywhere: `{% load leaders %}{% leader_badge person %}`.

Costs no query: it reads the person's role, already loaded with them.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def leader_badge(person):
    if getattr(person, "role", None) != "leader" or not getattr(person, "is_active", False):
        return ""
    return format_html(' <span class="badge badge-leader">{}</span>', _("Leader"))


@register.filter
def article_path(article) -> str:
    from django.urls import reverse

    return reverse("blogs:article", args=[article.author.username, article.slug])
