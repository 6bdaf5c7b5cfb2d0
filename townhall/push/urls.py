from django.urls import path

from townhall.push import views

app_name = "push"

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("push/", views.device, name="device"),
    path("push/subscriptions", views.subscribe, name="subscribe"),
    path("push/subscriptions/delete", views.unsubscribe, name="unsubscribe"),
]
