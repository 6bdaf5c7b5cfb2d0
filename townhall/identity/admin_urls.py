"""URLs of the admin area's Audit log and Sign-in sections, inside the "siteadmin" namespace."""

from django.urls import path

from townhall.identity import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.<str:kind>", views.audit_export, name="audit_export"),
    path("sign-in/", views.sign_in_methods, name="sign_in_methods"),
    path(
        "sign-in/providers/<int:app_id>/remove/",
        views.remove_member_provider,
        name="remove_member_provider",
    ),
    path("sign-in/scim-tokens/<int:token_id>/revoke/", views.revoke_scim_token, name="revoke_scim"),
]
