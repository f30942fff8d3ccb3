"""The JSON API: /api/v1/, its schema at /api/v1/openapi.json and docs at /api/v1/docs.

Each app contributes a router from its own `api.py`. Signed-in use relies on the
session cookie (with Django's CSRF check on writes) or, for coordinators'
scripts, on a read-only API token (accounts.middleware.ApiTokenMiddleware); a
request without credentials to a private route gets 401.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from twinning.accounts.api import router as accounts_router
from twinning.directory.api import router as directory_router
from twinning.places.api import router as places_router

api = NinjaAPI(
    title="Twinning API",
    version="1",
    description="The twinning network's directory and account data. "
    "Public routes need no credentials and show public fields only. Private routes use "
    "the signed-in session, or a coordinator's read-only API token sent as "
    "'Authorization: Bearer <token>' (made on the account page), which also shows "
    "coordinators' fields.",
    urls_namespace="api-1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Sign in to use this route."}, status=401)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Your account may not use this route."}, status=403
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


api.add_router("/", accounts_router)
api.add_router("/", directory_router)
api.add_router("/", places_router)
