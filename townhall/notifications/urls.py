from django.urls import path

from townhall.notifications import atom, views

app_name = "notifications"

urlpatterns = [
    path("", views.index, name="index"),
    path("read/", views.mark_all_read, name="read_all"),
    path("settings/", views.preferences, name="preferences"),
    path("<int:notification_id>/", views.open_notification, name="open"),
    path("<int:notification_id>/read/", views.mark_read, name="read"),
    path("feeds/", views.private_feeds, name="private_feeds"),
    path("feeds/<str:token>/home.atom", atom.HomeFeed(), name="home_atom"),
    path("feeds/<str:token>/notifications.atom", atom.NotificationsFeed(), name="atom"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("threads/<int:post_id>/mute/", views.mute_thread, name="mute_thread"),
]
