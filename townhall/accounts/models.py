import hashlib
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

TIME_ZONES = sorted(zoneinfo.available_timezones())


def fold(text: str) -> str:
    """Case-fold for matching: `Ørjan` and `ØRJAN` both become `ørjan` on every database."""
    return " ".join(text.casefold().split())


class User(AbstractUser):
    """A person in the organisation, with the profile others see."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        LEADER = "leader", _("Leader")
        MODERATOR = "moderator", _("Moderator")
        ADMIN = "admin", _("Admin")
        # An external guest (a partner, a contractor): a member limited to the groups they
        # were invited to, marked as external wherever their name appears (access.roles).
        GUEST = "guest", _("External guest")
        # Not an organisation member: a visitor who signed in with an external account
        # to comment on public articles (townhall.commenters). Sees only what is public.
        COMMENTER = "commenter", _("Commenter")

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120)
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.MEMBER)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    department = models.CharField(_("department"), max_length=120, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    bio = models.TextField(_("about me"), max_length=2000, blank=True)
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, choices=[(z, z) for z in TIME_ZONES]
    )
    # Case-folded name, title, department and expertise: what the directory searches.
    search_text = models.TextField(editable=False, default="")

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["display_name", "id"]
        indexes = [models.Index(fields=["display_name", "id"])]

    def __str__(self) -> str:
        return self.display_name or self.username

    def refresh_search_text(self) -> None:
        parts = [
            self.display_name,
            self.username,
            self.job_title,
            self.department,
            self.location,
            *self.expertise,
        ]
        self.search_text = fold(" ".join(p for p in parts if p))


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 of the secret is stored; the secret is shown once."""

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")
        ADMIN = "admin", _("Admin")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope, default=Scope.READ)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()


class Invitation(models.Model):
    """An admin's invitation: its link lets one person sign up whatever their email domain."""

    email = models.EmailField(_("email address"))
    key_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=12, choices=User.Role, default=User.Role.MEMBER)
    # The groups the invited person enters on accepting (ids; an external guest's only
    # groups). Chosen by the inviting admin among the groups they can see.
    group_ids = models.JSONField(default=list, blank=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
