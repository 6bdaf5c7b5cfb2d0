"""The admin area's Files page (townhall.files.admin_area)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.files.actions import LIMIT_RANGES


def _number(label, help_text, field):
    low, high = LIMIT_RANGES[field]
    return forms.IntegerField(label=label, help_text=help_text, min_value=low, max_value=high)


class FileLimitsForm(forms.Form):
    max_file_mb = _number(
        _("Largest file (MB)"),
        _("Larger uploads are refused, with this limit named."),
        "max_file_mb",
    )
    max_per_post = _number(
        _("Files per post, comment or article"),
        _("Posting with more is refused; nothing is attached."),
        "max_per_post",
    )
    retention_days = _number(
        _("Days the files of deleted posts are kept"),
        _("Then a periodic job deletes them with their bytes. 0: at its next run."),
        "retention_days",
    )
    pending_hours = _number(
        _("Hours an upload that was never posted is kept"),
        _("Uploads from a composer that was left without posting."),
        "pending_hours",
    )
