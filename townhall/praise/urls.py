app_name = "praise"

urlpatterns = []
