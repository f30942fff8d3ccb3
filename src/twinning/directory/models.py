import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_LIFETIME = timedelta(days=14)


class Group(models.Model):
    """A British twinning group: a town association, friendship group, school, faith group…

    The directory capability adds its kind, place and interests; this is the
    part every role and permission hangs on.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown. Shown on the public page.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:group", args=[self.slug])


class GroupRole(models.Model):
    """A person's place in a group: organiser (runs it) or member."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        MEMBER = "member", _("Member")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("group role")
        verbose_name_plural = _("group roles")
        ordering = ["group", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                name="directory_grouprole_one_per_person",
                violation_error_message=_("This person already belongs to this group."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.group}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class GroupInvitationQuerySet(models.QuerySet):
    def pending(self) -> "GroupInvitationQuerySet":
        """Not yet accepted and not expired."""
        return self.filter(
            accepted_at__isnull=True, created_at__gt=timezone.now() - INVITATION_LIFETIME
        )


class GroupInvitation(models.Model):
    """An organiser's invitation to join their group, sent by email.

    Nobody is put in a group without saying yes: the person follows the link
    in the email and accepts. The email address is seen only by the group's
    organisers and coordinators.
    """

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=20, choices=GroupRole.Role.choices, default=GroupRole.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent on"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)

    objects = GroupInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.group} · {self.get_role_display()}"

    @property
    def expires_at(self):
        return self.created_at + INVITATION_LIFETIME


class Partner(models.Model):
    """A Palestinian partner: a municipality, village council, camp committee, school…"""

    name = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    description = models.TextField(_("description in English"), blank=True)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:partner", args=[self.slug])

    def display_name(self, language: str) -> str:
        """The name to show first: Arabic on Arabic pages where there is one."""
        if language == "ar" and self.name_ar:
            return self.name_ar
        return self.name

    def display_description(self, language: str) -> str:
        if language == "ar" and self.description_ar:
            return self.description_ar
        return self.description or self.description_ar


class PartnerContact(models.Model):
    """A person who speaks for a partner on the platform. Never shown publicly."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_contacts"
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "user"],
                name="directory_partnercontact_one_per_person",
                violation_error_message=_("This person already speaks for this partner."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.partner}"
