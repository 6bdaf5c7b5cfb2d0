from django.urls import path

from townhall.commenters import views

app_name = "commenters"

urlpatterns = [
    path("articles/<int:article_id>/", views.comment, name="comment"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("sign-in-refused/", views.signin_refused, name="signin_refused"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:comment_id>/", views.moderate, name="moderate"),
    path("blocks/", views.blocks, name="blocks"),
    path(
        "unsubscribe/follow-ups/<str:token>/",
        views.unsubscribe_followups,
        name="unsubscribe_followups",
    ),
    path(
        "unsubscribe/notices/<str:token>/",
        views.unsubscribe_notices,
        name="unsubscribe_notices",
    ),
]
