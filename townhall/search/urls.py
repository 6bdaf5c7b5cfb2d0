from django.urls import path

from townhall.search import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="page"),
    path("suggest/", views.suggest, name="suggest"),
    path("discover/", views.discover, name="discover"),
]
