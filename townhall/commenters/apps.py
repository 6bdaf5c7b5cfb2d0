from django.apps import AppConfig


class CommentersConfig(AppConfig):
    name = "townhall.commenters"
    label = "commenters"
    default_auto_field = "django.db.models.BigAutoField"
