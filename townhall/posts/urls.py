from django.urls import path

from townhall.posts import views, views_comments

app_name = "posts"
urlpatterns = [
    path("new/", views.create, name="create"),
    path("mentions/", views.mentions, name="mentions"),
    path("<int:post_id>/", views.detail, name="detail"),
    path("<int:post_id>/edit/", views.edit, name="edit"),
    path("<int:post_id>/history/", views.history, name="history"),
    path("<int:post_id>/delete/", views.delete, name="delete"),
    path("<int:post_id>/move/", views.move, name="move"),
    path("<int:post_id>/react/", views.react, name="react"),
    path("<int:post_id>/reactions/", views.reactions, name="reactions"),
    path("<int:post_id>/comments/", views_comments.create, name="comment_create"),
    path("comments/<int:comment_id>/", views_comments.permalink, name="comment"),
    path("comments/<int:comment_id>/edit/", views_comments.edit, name="comment_edit"),
    path("comments/<int:comment_id>/history/", views_comments.history, name="comment_history"),
    path("comments/<int:comment_id>/delete/", views_comments.delete, name="comment_delete"),
    path("comments/<int:comment_id>/react/", views_comments.react, name="comment_react"),
    path(
        "comments/<int:comment_id>/reactions/",
        views_comments.reactions,
        name="comment_reactions",
    ),
]
