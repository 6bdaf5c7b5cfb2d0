app_name = "ama"

urlpatterns = []
