from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "townhall.questions"
    label = "questions"
    default_auto_field = "django.db.models.BigAutoField"
