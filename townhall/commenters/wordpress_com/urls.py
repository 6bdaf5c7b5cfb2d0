from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from townhall.commenters.wordpress_com.provider import WordPressComProvider

urlpatterns = default_urlpatterns(WordPressComProvider)
