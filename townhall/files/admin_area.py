"""The admin area's "Files" section: the limits of uploads and how long files of deleted
posts are kept. Mounted inside the admin area's URL namespace (townhall/siteadmin/urls.py
includes `admin_urls`), drawn with its navigation (`render_admin`), for admins only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from townhall.files import actions
from townhall.files.forms import FileLimitsForm
from townhall.siteadmin.pages import admin_area_view, render_admin

FIELDS = ("max_file_mb", "max_per_post", "retention_days", "pending_hours")


@admin_area_view
def file_limits(request):
    current = actions.limits()
    form = FileLimitsForm(
        request.POST if request.method == "POST" else None,
        initial={field: getattr(current, field) for field in FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_file_limits(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("File limits saved."))
            return redirect("siteadmin:files")
    response = render_admin(request, "files/admin_limits.html", {"form": form}, section="files")
    if request.method == "POST":
        response.status_code = 400
    return response
