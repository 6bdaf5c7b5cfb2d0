"""URLs of the admin area's Commenters section, inside the "siteadmin" namespace."""

from django.urls import path

from townhall.commenters import admin_area

urlpatterns = [
    path("", admin_area.commenters, name="commenters"),
    path("providers/<int:app_id>/remove/", admin_area.remove_provider, name="remove_provider"),
]
