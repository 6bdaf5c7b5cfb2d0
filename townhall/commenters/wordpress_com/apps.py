from django.apps import AppConfig


class WordPressComConfig(AppConfig):
    name = "townhall.commenters.wordpress_com"
    label = "wordpress_com"
    verbose_name = "WordPress.com"
