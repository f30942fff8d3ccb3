"""People asking to join a group: a member's request, which the group's organisers answer."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# What a person may say with their request, and a visitor in a message to a group.
MESSAGE_LIMIT = 2000


class JoinRequestQuerySet(models.QuerySet):
    def waiting(self) -> "JoinRequestQuerySet":
        """Requests no organiser has answered yet, oldest first, with who asks."""
        return (
            self.filter(status=JoinRequest.Status.WAITING)
            .select_related("user", "group")
            .order_by("created_at", "pk")
        )


class JoinRequest(models.Model):
    """A signed-in person asks to join a group; one of its organisers accepts (they become a
    member) or declines. The person hears either way, in their language."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    group = models.ForeignKey(
        "directory.Group", on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("a few words about you (optional)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(status="waiting"),
                name="directory_joinrequest_one_waiting",
                violation_error_message=_("You have already asked to join this group."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.group}"
