from django.urls import path

from townhall.integrations import views

app_name = "integrations"
urlpatterns = [
    path("groups/<str:slug>/", views.group_integrations, name="group"),
    path("groups/<str:slug>/webhooks/", views.create_group_webhook, name="create_group_webhook"),
    path("groups/<str:slug>/bots/", views.create_bot, name="create_bot"),
    path("bots/<int:bot_id>/revoke/", views.revoke_bot, name="revoke_bot"),
    path("webhooks/<int:webhook_id>/", views.webhook, name="webhook"),
    path("webhooks/<int:webhook_id>/test/", views.test_webhook, name="test_webhook"),
    path("webhooks/<int:webhook_id>/delete/", views.delete_webhook, name="delete_webhook"),
]
