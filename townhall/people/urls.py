from django.urls import path

from townhall.people import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<str:username>/", views.profile, name="profile"),
    path("<str:username>/edit/", views.edit, name="edit"),
    path("<str:username>/edit/managers/", views.manager_options, name="manager_options"),
]
