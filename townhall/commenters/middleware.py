"""A commenter identity is, everywhere in Townhall, an anonymous visitor with a name.

A commenter signs in with an external account (townhall.commenters.adapter) only to put a
name on comments. This middleware takes their user off `request.user` on every request and
puts it on `request.commenter` instead, so every page, API route and `login_required` gate
treats them exactly as a signed-out visitor: nothing that is not public can be reached,
whatever a view forgets to check. (`access.roles.is_active_member` is also false for them:
a second wall.) Only the visitor comment views read `request.commenter`.
"""

from django.contrib.auth.models import AnonymousUser

from townhall.access.roles import is_commenter


class CommenterFenceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.commenter = None
        if is_commenter(request.user):
            request.commenter = request.user
            request.user = AnonymousUser()
        return self.get_response(request)
