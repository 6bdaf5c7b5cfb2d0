from django.urls import path

from townhall.polls import views

app_name = "polls"
urlpatterns = [
    path("<int:poll_id>/vote/", views.vote, name="vote"),
    path("<int:poll_id>/voters/", views.voters, name="voters"),
]
