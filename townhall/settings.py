"""The one settings module. Everything a deployment changes comes from TOWNHALL_* variables.

`townhall.config` parses and validates them once; this module only maps the result onto
Django's names. See docs/configuration.md for the reference.
"""

from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from townhall.config import load_config
from townhall.identity import environment as identity_environment
from townhall.realtime.endpoint import connect_sources

CONFIG = load_config()

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = CONFIG.data_dir
SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = CONFIG.allowed_hosts
CSRF_TRUSTED_ORIGINS = [CONFIG.base_url]
TOWNHALL_BASE_URL = CONFIG.base_url
TOWNHALL_TRUSTED_PROXIES = CONFIG.trusted_proxies
TOWNHALL_ALLOWED_EMAIL_DOMAINS = CONFIG.allowed_email_domains
TOWNHALL_REDIS_URL = CONFIG.redis_url
TOWNHALL_REALTIME_URL = CONFIG.realtime_url  # where pages open their WebSocket
TOWNHALL_OUTBOUND_ALLOWED_HOSTS = CONFIG.outbound_allowed_hosts

INSTALLED_APPS = [
    "townhall.core",
    "townhall.access",
    "townhall.accounts",
    "townhall.people",
    "townhall.groups",
    "townhall.posts",
    "townhall.feeds",
    "townhall.siteadmin",
    "townhall.api",
    "townhall.search",
    "townhall.events",
    "townhall.notifications",
    "townhall.realtime",
    "townhall.integrations",
    "townhall.blogs",
    "townhall.commenters",
    "townhall.announcements",
    "townhall.praise",
    "townhall.questions",
    "townhall.polls",
    "townhall.ama",
    "townhall.files",
    "townhall.push",
    "townhall.identity",
    "townhall.moderation",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Sign-in for visitors who comment on public articles (townhall.commenters): the admin
    # configures these providers in the admin area; none gives access to members' content.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",  # member SAML sign-in (townhall.identity)
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.twitter_oauth2",
    "townhall.commenters.wordpress_com",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "ninja",  # serves /api/docs' Swagger UI assets locally (no CDN, CSP-clean)
]

MIDDLEWARE = [
    "townhall.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "townhall.identity.audit.AuditContextMiddleware",
    "townhall.commenters.middleware.CommenterFenceMiddleware",
    "townhall.accounts.middleware.PersonalPreferencesMiddleware",
    "townhall.notifications.middleware.LastSeenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "townhall.urls"
WSGI_APPLICATION = "townhall.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "townhall.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": CONFIG.database}
if CONFIG.replica_database:  # read-only requests read from it (townhall/core/db_router.py)
    DATABASES["replica"] = CONFIG.replica_database
    DATABASE_ROUTERS = ["townhall.core.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(0, "townhall.core.db_router.ReplicaMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": CONFIG.cache}  # Redis, else the database (feed cards: townhall.posts.cards)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email is the sign-in name; sign-up is limited by the adapter.
ACCOUNT_ADAPTER = "townhall.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "townhall.accounts.forms.SignupDetailsForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if CONFIG.https else "http"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# External sign-in is for commenters only (townhall.commenters.adapter): it creates a
# commenter identity, never a member, and never links to an account by email address.
# Member single sign-on (townhall.identity) shares allauth's social accounts: its adapter
# dispatches on each provider's purpose and hands commenter providers to commenters' adapter.
SOCIALACCOUNT_ADAPTER = "townhall.identity.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_STORE_TOKENS = False
# Member SSO from TOWNHALL_OIDC_* / TOWNHALL_SAML_* / TOWNHALL_SSO_* (identity/environment.py).
TOWNHALL_SSO = CONFIG.sso
SOCIALACCOUNT_PROVIDERS = identity_environment.allauth_providers(CONFIG.sso)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Townhall"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nb", _("Norwegian Bokmål"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Attachments (townhall.files): never under MEDIA_ROOT, served only after the permission check.
TOWNHALL_FILES_ROOT = DATA_DIR / "files"
TOWNHALL_S3_BUCKET = CONFIG.s3["bucket"]
TOWNHALL_S3_ENDPOINT_URL = CONFIG.s3["endpoint_url"]
TOWNHALL_S3_REGION = CONFIG.s3["region"]
TOWNHALL_S3_ACCESS_KEY = CONFIG.s3["access_key"]
TOWNHALL_S3_SECRET_KEY = CONFIG.s3["secret_key"]
TOWNHALL_S3_URL_SECONDS = CONFIG.s3["url_seconds"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Email leaves through a task (townhall.core.mail); the task uses the real backend below.
EMAIL_BACKEND = "townhall.core.mail.QueuedEmailBackend"
TOWNHALL_DELIVERY_EMAIL_BACKEND = CONFIG.email["EMAIL_BACKEND"]
EMAIL_HOST = CONFIG.email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = CONFIG.email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = CONFIG.email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = CONFIG.email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = CONFIG.email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = CONFIG.email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = CONFIG.from_email
SERVER_EMAIL = CONFIG.from_email

TASKS = {"default": {"BACKEND": CONFIG.task_backend}}

# Security: strict by default, https-only settings whenever the base URL is https.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CONFIG.https
CSRF_COOKIE_SECURE = CONFIG.https
SECURE_SSL_REDIRECT = CONFIG.https
SECURE_HSTS_SECONDS = 31_536_000 if CONFIG.https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = CONFIG.https
SECURE_HSTS_PRELOAD = CONFIG.https
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if CONFIG.trusted_proxies else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "connect-src": [SELF, *connect_sources(CONFIG.realtime_url, CONFIG.allowed_hosts)],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
