from django.urls import path

from townhall.questions import views

app_name = "questions"
urlpatterns = [
    path("", views.unanswered, name="unanswered"),
    path("<int:question_id>/accept/", views.accept, name="accept"),
    path("<int:question_id>/unaccept/", views.unaccept, name="unaccept"),
]
