"""URLs of the admin area's Files section, inside the "siteadmin" namespace."""

from django.urls import path

from townhall.files import admin_area

urlpatterns = [
    path("", admin_area.file_limits, name="files"),
]
