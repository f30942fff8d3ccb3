"""Who may see or change a person's account. Views never fetch a person any other way."""

import rules
from allauth.mfa.models import Authenticator
from django.http import Http404, HttpRequest

from twinning.accounts.models import ApiToken, User
from twinning.core.access import refuse, require


@rules.predicate
def is_member(user: User) -> bool:
    """Anyone signed in with an active account."""
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_coordinator(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_coordinator)


@rules.predicate
def is_advisor(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_advisor)


def may_act_with_api_token(user: User) -> bool:
    """Whether an API token may act for its owner: only while they are an active coordinator
    (a technical administrator's rights do not come with a token)."""
    return bool(is_coordinator(user))


def user_has_mfa(user: User) -> bool:
    """Whether the person has a second sign-in factor (an authenticator app)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# Set in the session when it proves the second factor (`accounts.signals`).
SECOND_FACTOR_SESSION_KEY = "twinning_second_factor_at"


def needs_second_factor(user: User) -> bool:
    """Who must sign in with a second factor where it is required: whoever sees everything
    (coordinators) or may change anything (the technical administrators of the admin)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_coordinator or user.is_staff or user.is_superuser)
    )


def second_factor_used(request: HttpRequest) -> bool:
    """Whether this session proved the second factor: a code at sign-in, or when it set the
    authenticator up. Having an authenticator is not enough."""
    return SECOND_FACTOR_SESSION_KEY in request.session


def verified_addresses(user: User) -> list[str]:
    """The person's confirmed addresses, lower-cased. An address added but not confirmed is
    not theirs yet: anyone may type someone else's (allauth keeps it, unconfirmed)."""
    from allauth.account.models import EmailAddress

    rows = list(EmailAddress.objects.filter(user=user).values_list("email", "verified"))
    if not rows:
        # an account made outside the sign-up (a command) may have no address rows
        return [user.email.strip().lower()] if user.email else []
    return sorted({email.strip().lower() for email, verified in rows if verified})


def user_has_address(user: User, email: str) -> bool:
    """Whether `email` is one of the person's own confirmed addresses."""
    return email.strip().lower() in verified_addresses(user)


def get_person_for_user(user: User, pk: int, *, write: bool = False) -> User:
    """A person's account as another person may see it: only coordinators see others."""
    if not is_member(user):
        refuse(user, hide=True)
    person = User.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    if person.pk == user.pk and not write:
        return person
    if not is_coordinator(user):
        refuse(user)
    return person


def get_api_token_for_user(user: User, pk: int) -> ApiToken:
    """One of the person's own API tokens; anyone else's is not found."""
    require(user, "accounts.use_api_tokens")
    token = ApiToken.objects.filter(pk=pk, user=user).first()
    if token is None:
        raise Http404
    return token
