from django.apps import AppConfig


class PraiseConfig(AppConfig):
    name = "townhall.praise"
    label = "praise"
    default_auto_field = "django.db.models.BigAutoField"
