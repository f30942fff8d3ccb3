"""British groups, the people in them, and invitations to join."""

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_LIFETIME = timedelta(days=14)


RANDOM_SLUG = re.compile(r"[gp]-[0-9a-f]{12}")


def name_keys(names) -> set[str]:
    """What `Lower()` may make, in the database, of a name that is one of `names` but for
    case. SQLite lowers only ASCII letters, PostgreSQL every letter: a name in one case
    throughout, or in the case the file gives it, is found by either."""
    ascii_lower = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
    return {
        variant.translate(ascii_lower)
        for name in names
        for variant in (name, name.lower(), name.upper())
    }


def random_slug(prefix: str) -> str:
    """A web address that says nothing about what it names: for a sensitive partner, and for
    a group or partner while it waits for review (whose name's address, or its "-2", would
    tell that it exists)."""
    return f"{prefix}-{secrets.token_hex(6)}"


class GroupKind(models.TextChoices):
    TWINNING_ASSOCIATION = "twinning_association", _("town or city twinning association")
    FRIENDSHIP_GROUP = "friendship_group", _("friendship group")
    COUNCIL = "council", _("council")
    SCHOOL = "school", _("school")
    UNIVERSITY = "university", _("university or students' union")
    CHURCH = "church", _("church")
    MOSQUE = "mosque", _("mosque")
    FAITH_GROUP = "faith_group", _("synagogue or other faith group")
    UNION = "union", _("trade union branch")
    SCOUTS = "scouts", _("scout or guide group")
    MEDICAL_CENTRE = "medical_centre", _("medical centre")
    COMMUNITY_CENTRE = "community_centre", _("community centre")
    OTHER = "other", _("other")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("not accepted")


class GroupQuerySet(models.QuerySet):
    def for_directory(self) -> "GroupQuerySet":
        """Groups as the public directory lists them (approved ones), with their place."""
        return self.approved().select_related("place").order_by("name", "pk")

    def approved(self) -> "GroupQuerySet":
        return self.filter(status=ReviewStatus.APPROVED)

    def with_place(self) -> "GroupQuerySet":
        """Groups with their place, as a group's own pages show it."""
        return self.select_related("place")

    def waiting_for_review(self) -> "GroupQuerySet":
        """Groups people added that wait for a coordinator, oldest first."""
        return (
            self.filter(status=ReviewStatus.PENDING).select_related("place").order_by("created_at")
        )

    def for_export(self) -> "GroupQuerySet":
        """Every group with its place and interests, in the order they were added."""
        return self.select_related("place").prefetch_related("interests").order_by("pk")

    def for_index(self) -> "GroupQuerySet":
        """The groups the search index holds (approved ones), with what it reads of them."""
        return self.approved().select_related("place").prefetch_related("interests")

    def named(self, names) -> "GroupQuerySet":
        """Groups that may bear one of `names`, whatever the case (compare `casefold()`s to
        be sure), with their place: one query for a chunk of an import."""
        return (
            self.select_related("place")
            .annotate(name_key=Lower("name"))
            .filter(name_key__in=name_keys(names))
        )


class WorkingLanguage(models.TextChoices):
    """Languages a group can work and write in, for partners looking for a common one."""

    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    WELSH = "cy", _("Welsh")
    SCOTTISH_GAELIC = "gd", _("Scottish Gaelic")
    IRISH = "ga", _("Irish")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    URDU = "ur", _("Urdu")
    BENGALI = "bn", _("Bengali")
    PUNJABI = "pa", _("Punjabi")
    SOMALI = "so", _("Somali")
    HEBREW = "he", _("Hebrew")
    TURKISH = "tr", _("Turkish")
    BSL = "bfi", _("British Sign Language")


class Group(models.Model):
    """A British twinning group: a town association, friendship group, school, faith group…"""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=GroupKind.choices, default=GroupKind.FRIENDSHIP_GROUP
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups",
        limit_choices_to={"country": "GB"},
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown. Shown on the public page.")
    )
    website = models.URLField(_("website"), blank=True)
    public_email = models.EmailField(
        _("public email address"),
        blank=True,
        help_text=_("Shown on the public page only if you tick the box below."),
    )
    show_public_email = models.BooleanField(
        _("show this address on the public page"), default=False
    )
    network_member = models.BooleanField(_("member of the network"), default=False)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Languages the group can work and write in."),
    )
    # When the logo (kept apart, in GroupLogo, so lists never load it) last changed.
    logo_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    interests = models.ManyToManyField(
        "directory.Interest", verbose_name=_("interests"), blank=True, related_name="groups"
    )
    status = models.CharField(
        _("review"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.APPROVED,
        help_text=_("Groups added by the public wait for a coordinator's review."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Changes with every save of the profile: an edit form carries the value it
    # was opened with, so a save over someone else's newer one is noticed.
    updated_at = models.DateTimeField(auto_now=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name", "id"], name="directory_group_listing")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Until a coordinator approves it, a group's address is drawn at random
        # (`services.group_review` then gives it one made from its name).
        if self.status == ReviewStatus.PENDING and not RANDOM_SLUG.fullmatch(self.slug):
            self.slug = random_slug("g")
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:group", args=[self.slug])

    @property
    def version(self) -> str:
        return self.updated_at.isoformat() if self.updated_at else ""

    @property
    def language_names(self) -> list[str]:
        names = dict(WorkingLanguage.choices)
        return [str(names[code]) for code in self.languages if code in names]

    @property
    def logo_url(self) -> str:
        """The logo's address, changing when the logo does so browsers may cache it for long."""
        if not self.logo_changed_at:
            return ""
        version = int(self.logo_changed_at.timestamp())
        return reverse("directory:group_logo", args=[self.slug]) + f"?v={version}"


class GroupLogo(models.Model):
    """A group's logo: a small PNG re-encoded on upload, so no camera metadata survives."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="logo")
    image = models.BinaryField()
    width = models.PositiveSmallIntegerField()
    height = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("logo")
        verbose_name_plural = _("logos")

    def __str__(self) -> str:
        return f"{self.group} ({self.width}×{self.height})"


class GroupRoleQuerySet(models.QuerySet):
    def organisers(self) -> "GroupRoleQuerySet":
        return self.filter(role=GroupRole.Role.ORGANISER)

    def with_people(self) -> "GroupRoleQuerySet":
        return self.select_related("user")

    def organisers_first(self) -> "GroupRoleQuerySet":
        """A group's people as its members page lists them: organisers first, then by name."""
        return self.with_people().order_by("-role", "user__display_name", "user__email")

    def with_groups(self) -> "GroupRoleQuerySet":
        return self.select_related("group")


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

    objects = GroupRoleQuerySet.as_manager()

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

    def by_token(self, token: str) -> "GroupInvitationQuerySet":
        """The pending invitation whose link carries `token`, with its group."""
        return self.pending().filter(token=token).select_related("group")

    def waiting_for(self, group) -> "GroupInvitationQuerySet":
        """`group`'s pending invitations, newest first, with whoever answered one sent to
        another address."""
        return (
            self.pending().filter(group=group).select_related("claimed_by").order_by("-created_at")
        )

    def claims_waiting(self) -> "GroupInvitationQuerySet":
        """Answers to a forwarded invitation to organise, not yet confirmed, with their group."""
        return self.filter(accepted_at__isnull=True).select_related("group")


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
    # An invitation to organise followed by an account without the invited address (a
    # forwarded email): it waits for the organisers to confirm that person.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_claimed",
    )
    claimed_at = models.DateTimeField(_("asked on"), null=True, blank=True)

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
