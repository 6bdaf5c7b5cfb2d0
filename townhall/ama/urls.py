from django.urls import path

from townhall.ama import views

app_name = "ama"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:session_id>/", views.detail, name="detail"),
    path("<int:session_id>/ask/", views.ask, name="ask"),
    path("questions/<int:question_id>/", views.question, name="question"),
    path("questions/<int:question_id>/vote/", views.vote, name="vote"),
    path("questions/<int:question_id>/answer/", views.answer, name="answer"),
    path("questions/<int:question_id>/delete/", views.delete, name="delete"),
]
