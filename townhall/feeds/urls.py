from django.urls import path

from townhall.feeds import views

app_name = "feeds"
urlpatterns = [
    path("company/", views.company, name="company"),
    path("topics/<str:key>/", views.topic, name="topic"),
    path("following/", views.following, name="following"),
    path("following/people/<str:username>/", views.follow_person, name="follow_person"),
    path("following/topics/<str:key>/", views.follow_topic, name="follow_topic"),
    path("muting/people/<str:username>/", views.mute_person, name="mute_person"),
    path("muting/groups/<int:group_id>/", views.mute_group, name="mute_group"),
    path("muting/topics/<str:key>/", views.mute_topic, name="mute_topic"),
    path("feeds/new-posts/", views.new_posts, name="new_posts"),
]
