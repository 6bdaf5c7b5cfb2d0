from django.urls import path

from townhall.realtime import views

app_name = "realtime"
urlpatterns = [
    path("feed-item/", views.feed_item, name="feed_item"),
    path("comments/<int:comment_id>/", views.comment, name="comment"),
    path("reactions/<str:target>/<int:target_id>/", views.reactions, name="reactions"),
    path("unread/", views.unread, name="unread"),
]
