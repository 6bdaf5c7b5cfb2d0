from django.urls import path

from townhall.moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("report/<str:kind>/<int:pk>/", views.report, name="report"),
    path("decide/<str:kind>/<int:pk>/", views.decide, name="decide"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions/<int:pk>/restore/", views.restore, name="restore"),
    path("my-reports/<int:pk>/", views.own_report, name="own_report"),
]
