from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "townhall.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"
