from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserQuerySet(models.QuerySet):
    def coordinators(self) -> "UserQuerySet":
        """The network's coordinators whose accounts are active."""
        return self.filter(is_coordinator=True, is_active=True)

    def with_email(self, email: str) -> "UserQuerySet":
        """The person (at most one) whose email address this is, in any case."""
        return self.filter(email__iexact=email)

    def search(self, q: str) -> "UserQuerySet":
        """People whose email address or display name holds `q` (everyone when it is empty),
        by email address."""
        people = self.order_by("email")
        if q:
            people = people.filter(
                models.Q(email__icontains=q) | models.Q(display_name__icontains=q)
            )
        return people


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    """Users are found by email, compared without regard to case."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_coordinator", True)
        user = self._create_user(email, password, **extra)
        # Made on the server by whoever runs it, so the address counts as confirmed: the
        # administrator signs in through the site's one sign-in page, like everyone else,
        # and (where it is required) sets up a second factor there.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address.

    The profile (display name, preferred language) lives here too, so reading
    it costs no extra query. Network-wide roles are the two flags below; roles
    that belong to one group or partner (organiser, partner contact) are
    relations held by the directory, not flags.
    """

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=120,
        blank=True,
        help_text=_("How other members see you. It is never shown on public pages."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of your pages when you sign in, and of the emails we send you."),
    )
    is_coordinator = models.BooleanField(
        _("coordinator"),
        default=False,
        help_text=_("Network staff or committee: runs introductions, events and the AGM."),
    )
    is_advisor = models.BooleanField(
        _("advisor"),
        default=False,
        help_text=_(
            "An experienced member whom coordinators may put groups in touch with. Asking "
            "advisors for advice through the platform, and their guides, are still to come."
        ),
    )
    is_staff = models.BooleanField(
        _("technical administrator"),
        default=False,
        help_text=_("May use the low-level administration site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined on"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("Someone has already signed up with this email address."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        """The name shown to other members: never any part of the email address."""
        return self.display_name or str(_("A member"))

    @property
    def role_names(self) -> list[str]:
        """The network-wide roles, as short words (for the API and the people page)."""
        roles = ["member"]
        if self.is_advisor:
            roles.append("advisor")
        if self.is_coordinator:
            roles.append("coordinator")
        return roles


class Consent(models.Model):
    """A person's yes or no to one use of their data, with the date they said it."""

    class Purpose(models.TextChoices):
        TERMS = "terms", _("Platform terms and privacy notice")
        NEWSLETTER = "newsletter", _("The network newsletter")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices)
    given = models.BooleanField(_("given"))
    notice_version = models.CharField(_("notice version"), max_length=20, default="2026-11")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {'yes' if self.given else 'no'}"


class ApiTokenQuerySet(models.QuerySet):
    def live(self) -> "ApiTokenQuerySet":
        """Tokens not revoked."""
        return self.filter(revoked_at__isnull=True)

    def for_prefix(self, prefix: str) -> "ApiTokenQuerySet":
        """The live token whose key starts with `prefix`, with its owner."""
        return self.live().filter(prefix=prefix).select_related("user")

    def made_by_form(self, user, form_nonce: str) -> "ApiTokenQuerySet":
        """The token the person's form (by its nonce) made, if it made one."""
        return self.filter(user=user, form_nonce=form_nonce)


class ApiToken(models.Model):
    """A coordinator's key for reading the API from a script or another system.

    Only a digest of the key is kept: the key itself is shown once, when made.
    A token reads (GET) only, with its owner's rights, while its owner is an
    active coordinator and until it is revoked.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. 'the network map'.")
    )
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    # The form that made it, so that a form sent twice makes one token.
    form_nonce = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("made on"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "form_nonce"],
                condition=~models.Q(form_nonce=""),
                name="accounts_apitoken_one_per_form",
                violation_error_message=_("This form has already made a token."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
