from django.urls import include, path

from townhall.blogs import views as blogs_views
from townhall.siteadmin import views

app_name = "siteadmin"
urlpatterns = [
    path("", views.members, name="members"),
    path("members/<int:person_id>/role/", views.change_role, name="change_role"),
    path("members/<int:person_id>/deactivate/", views.deactivate, name="deactivate"),
    path("members/<int:person_id>/reactivate/", views.reactivate, name="reactivate"),
    path("invitations/", views.invite, name="invite"),
    path("roles/", views.roles, name="roles"),  # what each role may do (access.powers)
    path("invitations/<int:invitation_id>/revoke/", views.revoke, name="revoke_invitation"),
    path("settings/", views.site_settings, name="settings"),
    path("settings/logo/", views.site_logo, name="site_logo"),
    path("tasks/", views.tasks, name="tasks"),
    path("overview/", views.settings_index, name="settings_index"),
    path("groups/", views.groups_overview, name="groups_overview"),
    path("import/", views.import_members, name="import_members"),
    path("import/<int:import_id>/", views.member_import, name="member_import"),
    path(
        "import/<int:import_id>/report.csv",
        views.member_import_report,
        name="member_import_report",
    ),
    # Organisation webhooks live in townhall.integrations; their page is `siteadmin:webhooks`.
    path("webhooks/", include("townhall.integrations.admin_urls")),
    path("commenters/", include("townhall.commenters.admin_urls")),
    path("files/", include("townhall.files.admin_urls")),  # file limits: townhall.files
    # The audit log and sign-in methods live in townhall.identity.
    path("", include("townhall.identity.admin_urls")),
    path("blogs/", blogs_views.blog_settings, name="blogs"),
]
