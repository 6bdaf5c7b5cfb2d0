"""`{% visitor_comment_form article %}`: the visitor comment form, for the article page.

Shown when the article takes visitor comments and the reader is a visitor (signed out, or
a commenter identity). The external sign-in buttons live on the comment page
(/comments/articles/<id>/), whose Content-Security-Policy lets its forms go to the providers;
here a link leads there.
"""

from django import template

from townhall.access.commenters import can_comment_as_visitor
from townhall.commenters.forms import VisitorCommentForm
from townhall.commenters.selectors import sign_in_providers

register = template.Library()


@register.inclusion_tag("commenters/_comment_form.html", takes_context=True)
def visitor_comment_form(context, article):
    request = context["request"]
    commenter = getattr(request, "commenter", None)
    visitor = commenter or request.user
    if not can_comment_as_visitor(visitor, article):
        return {"hidden": True}
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "article": article,
        "commenter": commenter,
        "form": VisitorCommentForm(signed_in=commenter is not None),
        "sign_in_link": not commenter and bool(sign_in_providers()),
        "back_to": request.get_full_path(),
    }
