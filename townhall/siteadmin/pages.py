"""What every admin-area page shares, for the admin area's own views and for the apps that
add a section to it (commenters, identity, integrations ...): the gate and the layout."""

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from townhall.access.roles import can_use_admin_area
from townhall.siteadmin.navigation import SECTIONS


def admin_area_view(view):
    """Anonymous visitors go to sign in; signed-in people who are not admins get a 404."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_use_admin_area(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def render_admin(request, template: str, context: dict, *, section: str, status: int = 200):
    """Render an admin-area page: the navigation comes from `navigation.SECTIONS`."""
    context = {**context, "nav": "admin", "sections": SECTIONS, "section": section}
    return render(request, template, context, status=status)
