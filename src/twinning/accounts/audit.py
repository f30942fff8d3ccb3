"""What the history of changes calls the changes accounts' services record."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "api_token.created": _("API token made"),
    "api_token.revoked": _("API token revoked"),
    "consent.recorded": _("Consent recorded"),
    "user.erased": _("Account erased"),
    "user.roles_changed": _("Network roles changed"),
}
