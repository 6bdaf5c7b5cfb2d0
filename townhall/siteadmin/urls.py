from django.urls import path

from townhall.siteadmin import views

app_name = "siteadmin"
urlpatterns = [
    path("", views.members, name="members"),
]
