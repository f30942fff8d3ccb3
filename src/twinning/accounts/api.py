from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from twinning.core.schemas import ErrorOut

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    preferred_language: str
    roles: list[str]


@router.get(
    "/me", response={200: MeOut, 401: ErrorOut}, auth=django_auth, summary="Your own account"
)
def me(request: HttpRequest) -> dict:
    user = request.user
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "roles": user.role_names,
    }
