from django.apps import AppConfig


class BlogsConfig(AppConfig):
    name = "townhall.blogs"
    label = "blogs"
    default_auto_field = "django.db.models.BigAutoField"
