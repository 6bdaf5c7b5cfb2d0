from django.urls import path

from townhall.groups import views

app_name = "groups"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("<str:slug>/", views.detail, name="detail"),
    path("<str:slug>/join/", views.join, name="join"),
    path("<str:slug>/request/", views.request_to_join, name="request"),
    path("<str:slug>/leave/", views.leave, name="leave"),
    path("<str:slug>/invitation/", views.answer_invitation, name="answer_invitation"),
    path("<str:slug>/pin/", views.pin, name="pin"),
    path("<str:slug>/members/", views.members, name="members"),
    path("<str:slug>/members/candidates/", views.invite_candidates, name="invite_candidates"),
    path("<str:slug>/members/invite/", views.invite, name="invite"),
    path("<str:slug>/requests/<int:pk>/", views.decide_request, name="decide_request"),
    path("<str:slug>/members/<str:username>/role/", views.change_role, name="change_role"),
    path("<str:slug>/members/<str:username>/remove/", views.remove_member, name="remove_member"),
    path(
        "<str:slug>/members/<str:username>/transfer/",
        views.transfer_ownership,
        name="transfer_ownership",
    ),
    path("<str:slug>/settings/", views.settings, name="settings"),
    path("<str:slug>/settings/archive/", views.archive, name="archive"),
]
