from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "townhall.access"
    label = "access"
