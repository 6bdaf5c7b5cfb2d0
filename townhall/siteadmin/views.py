from django.http import Http404
from django.shortcuts import render

from townhall.access.roles import can_use_admin_area


def members(request):
    if not can_use_admin_area(request.user):
        raise Http404
    return render(request, "siteadmin/members.html", {"nav": "admin"})
