from django.urls import path

from townhall.files import views

app_name = "files"

urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("shared/", views.shared, name="shared"),
    path("mine/", views.mine, name="mine"),
    path("groups/<str:slug>/", views.group_files, name="group"),
    path("posts/<int:post_id>/gallery/", views.gallery, name="gallery"),
    path("posts/<int:post_id>/comment-form/", views.feed_comment_form, name="feed_comment_form"),
    path("articles/<int:article_id>/gallery/", views.article_gallery, name="article_gallery"),
    path("<int:attachment_id>/status/", views.status, name="status"),
    path("<int:attachment_id>/remove/", views.remove, name="remove"),
    path(
        "<int:attachment_id>/<str:rendition>/",
        views.file,
        name="file",
    ),
]
