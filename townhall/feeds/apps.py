from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "townhall.feeds"
    label = "feeds"
