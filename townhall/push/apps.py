from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "townhall.push"
    label = "push"
    default_auto_field = "django.db.models.BigAutoField"
