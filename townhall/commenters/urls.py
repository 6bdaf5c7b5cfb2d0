app_name = "commenters"

urlpatterns = []
