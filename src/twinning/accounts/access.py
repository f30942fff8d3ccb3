"""Who may see or change a person's account. Views never fetch a person any other way."""

import rules
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.http import Http404

from twinning.accounts.models import ApiToken, User


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


def user_has_mfa(user: User) -> bool:
    """Whether the person has a second sign-in factor (an authenticator app)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def get_person_for_user(user: User, pk: int, *, write: bool = False) -> User:
    """A person's account as another person may see it: only coordinators see others."""
    if not is_member(user):
        raise Http404
    person = User.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    if person.pk == user.pk and not write:
        return person
    if not is_coordinator(user):
        raise PermissionDenied
    return person


def get_api_token_for_user(user: User, pk: int) -> ApiToken:
    """One of the person's own API tokens; anyone else's is not found."""
    if not user.has_perm("accounts.use_api_tokens"):
        raise PermissionDenied
    token = ApiToken.objects.filter(pk=pk, user=user).first()
    if token is None:
        raise Http404
    return token
