app_name = "integrations"

urlpatterns = []
