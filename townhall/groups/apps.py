from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "townhall.groups"
    label = "groups"
