"""Enterprise identity: the audit log, links to the identity provider, SCIM tokens, sessions."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from townhall.accounts.models import ApiToken


class AppendOnlyQuerySet(models.QuerySet):
    """No update or delete path: the audit log only grows."""

    def update(self, **kwargs):
        raise PermissionDenied("audit entries cannot be changed")

    def delete(self):
        raise PermissionDenied("audit entries cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionDenied("audit entries cannot be changed")

    def update_or_create(self, *args, **kwargs):
        raise PermissionDenied("audit entries cannot be changed")

    def _raw_delete(self, using):
        raise PermissionDenied("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One security- or administration-relevant action: who, what, target, when, from where.

    Written only by `townhall.identity.audit.record`. The actor and target are stored as
    ids and labels, not foreign keys, so removing a person never rewrites an entry (on
    PostgreSQL a trigger refuses UPDATE and DELETE on this table; see migration 0002).
    """

    occurred_at = models.DateTimeField(_("when (UTC)"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("who"), max_length=200, blank=True)
    target_type = models.CharField(_("target type"), max_length=60, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["-occurred_at", "-id"], name="audit_newest")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None or kwargs.get("force_update"):
            raise PermissionDenied("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("audit entries cannot be deleted")


class ExternalId(models.Model):
    """The identity provider's stable subject for a member (SCIM `externalId` = OIDC `sub`
    or SAML NameID). A member-SSO sign-in with this subject links to this member."""

    class Source(models.TextChoices):
        SCIM = "scim", _("SCIM provisioning")
        CSV = "csv", _("CSV import")
        ADMIN = "admin", _("Set by an admin")
        SSO = "sso", _("Single sign-on")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_id"
    )
    external_id = models.CharField(_("external id"), max_length=255, unique=True)
    source = models.CharField(max_length=8, choices=Source, default=Source.ADMIN)
    scim_managed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.external_id


class IdentitySettings(models.Model):
    """Organisation-wide sign-in options (one row, id 1)."""

    class GroupMapping(models.TextChoices):
        GROUPS = "groups", _("Townhall groups")
        DEPARTMENTS = "departments", _("Departments")

    sso_only = models.BooleanField(
        _("single sign-on only"),
        default=False,
        help_text=_("Members sign in through the identity provider; local passwords stop working."),
    )
    scim_groups_map_to = models.CharField(
        _("SCIM groups become"), max_length=12, choices=GroupMapping, default=GroupMapping.GROUPS
    )
    updated_at = models.DateTimeField(auto_now=True)


class ScimToken(models.Model):
    """An admin-issued bearer token for the SCIM API; only a SHA-256 of it is stored."""

    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=14, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    hash_secret = staticmethod(ApiToken.hash_secret)  # the same hashing as API tokens


class SignedInSession(models.Model):
    """A browser session of a member, recorded at sign-in, so they can see and end it.

    The session itself is Django's (django.contrib.sessions); this row indexes it by person.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    method = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class ScimGroup(models.Model):
    """A group the identity provider provisioned (SCIM /Groups). With the admin's choice
    "groups" it is a Townhall group (`group`); with "departments" its name is its members'
    department."""

    display_name = models.CharField(max_length=80, unique=True)
    external_id = models.CharField(max_length=255, blank=True)
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ScimGroupMember", related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.display_name


class ScimGroupMember(models.Model):
    scim_group = models.ForeignKey(ScimGroup, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scim_group", "user"], name="scim_member_once")
        ]


class SeenSamlMessage(models.Model):
    """The ID of a SAML Response or Assertion that was posted to us, kept two days so the
    same answer posted again (a replay) is refused (townhall.identity.saml.first_use)."""

    message_id = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField(auto_now_add=True, db_index=True)
