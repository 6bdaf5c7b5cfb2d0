from django.urls import path

from townhall.announcements import views

app_name = "announcements"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:announcement_id>/", views.detail, name="detail"),
    path("<int:announcement_id>/got-it/", views.acknowledge, name="acknowledge"),
    path("<int:announcement_id>/remind/", views.remind, name="remind"),
]
