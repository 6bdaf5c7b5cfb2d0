from django.urls import path

from townhall.people import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<str:username>/", views.profile, name="profile"),
]
