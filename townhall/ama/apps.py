from django.apps import AppConfig


class AmaConfig(AppConfig):
    name = "townhall.ama"
    label = "ama"
    default_auto_field = "django.db.models.BigAutoField"
