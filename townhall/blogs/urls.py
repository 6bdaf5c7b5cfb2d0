from django.urls import path

from townhall.blogs import feeds, views, views_comments

app_name = "blogs"
urlpatterns = [
    path("", views.index, name="index"),
    path("write/", views.write, name="write"),
    path("preview/", views.preview, name="preview"),
    path("atom.xml", feeds.PublicArticlesFeed(), name="atom"),
    path("images/<str:name>", views.image, name="image"),
    path("comments/<int:comment_id>/edit/", views_comments.edit, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", views_comments.delete, name="comment_delete"),
    path("<str:username>/", views.blog, name="blog"),
    path("<str:username>/atom.xml", feeds.BlogFeed(), name="blog_atom"),
    path("<str:username>/<str:slug>/", views.article, name="article"),
    path("<str:username>/<str:slug>/edit/", views.edit, name="edit"),
    path("<str:username>/<str:slug>/publish/", views.publish, name="publish"),
    path("<str:username>/<str:slug>/unpublish/", views.unpublish, name="unpublish"),
    path("<str:username>/<str:slug>/delete/", views.delete, name="delete"),
    path("<str:username>/<str:slug>/history/", views.history, name="history"),
    path("<str:username>/<str:slug>/images/", views.upload_image, name="upload_image"),
    path("<str:username>/<str:slug>/cover.webp", views.cover, name="cover"),
    path("<str:username>/<str:slug>/comments/", views_comments.create, name="comment_create"),
]
