from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "townhall.api"
    label = "api"
