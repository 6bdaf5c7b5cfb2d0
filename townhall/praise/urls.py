from django.urls import path

from townhall.praise import views

app_name = "praise"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("people/<str:username>/", views.received, name="received"),
]
