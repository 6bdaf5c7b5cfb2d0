"""The organisation webhooks page of the admin area, included by townhall/siteadmin/urls.py
(without a namespace of its own, so its name is `siteadmin:webhooks`)."""

from django.urls import path

from townhall.integrations import views

urlpatterns = [
    path("", views.organisation_webhooks, name="webhooks"),
]
