import copy
import json
import secrets

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from twinning.accounts import services
from twinning.accounts.access import get_api_token_for_user, get_person_for_user, user_has_mfa
from twinning.accounts.forms import (
    ApiTokenForm,
    EraseForm,
    PeopleSearchForm,
    ProfileForm,
    RolesForm,
)
from twinning.accounts.models import User
from twinning.core.access import permission_required
from twinning.core.contributions import waiting_for
from twinning.core.forms import MessageForm
from twinning.core.services import within_rate_limit

PAGE_SIZE = 50


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Your twinning: what waits for your answer, and what each app has for you (your groups
    and partners, what is coming, introductions under way). Signing in lands here."""
    return render(request, "accounts/home.html", {"tasks": waiting_for(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """A person's own account: their name, language, roles and data."""
    user = request.user
    # the form fills its own copy of the person signed in, who is already read
    form = ProfileForm(request.POST or None, instance=copy.copy(user))
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            user=user,
            display_name=form.cleaned_data["display_name"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        messages.success(request, _("Your details are saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "has_mfa": user_has_mfa(user),
    }
    return render(request, "accounts/profile.html", context, status=422 if form.errors else 200)


@login_required
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """Download everything the platform holds about you, as JSON."""
    data = services.user_export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="twinning-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    """Erase your own account, after confirming your password."""
    form = EraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_erase(user=user)
        messages.success(request, _("Your account and your details have been erased."))
        return redirect("core:home")
    return render(
        request, "accounts/erase.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
@require_safe
@permission_required("accounts.view_people")
def people(request: HttpRequest) -> HttpResponse:
    """Coordinators: everyone with an account, searchable."""
    form = PeopleSearchForm(request.GET or None)
    users = User.objects.search(form.cleaned_data["q"] if form.is_valid() else "")
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/people.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators: one person's roles."""
    subject = get_person_for_user(request.user, pk, write=True)
    # the form fills its own copy: the service compares the roles as they were
    form = RolesForm(request.POST or None, instance=copy.copy(subject))
    if request.method == "POST" and form.is_valid():
        # the form's fields are the roles the service sets, by the same names
        services.user_set_roles(actor=request.user, user=subject, **form.cleaned_data)
        messages.success(request, _("Roles saved for %(name)s.") % {"name": subject})
        return redirect("accounts:person", pk=subject.pk)
    return render(request, "accounts/person.html", {"subject": subject, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("accounts.use_api_tokens")
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Coordinators: make and revoke keys for reading the API from other systems."""
    form = ApiTokenForm(request.POST or None, initial={"nonce": secrets.token_hex(16)})
    new_key = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            token, new_key = services.api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                form_nonce=form.cleaned_data["nonce"],
            )
            if not new_key:
                messages.info(request, _("This form was sent twice; the token was made once."))
                return redirect("accounts:api_tokens")
            form = ApiTokenForm(initial={"nonce": secrets.token_hex(16)})
        else:
            status = 422
    tokens = request.user.api_tokens.all()
    response = render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "new_key": new_key},
        status=status,
    )
    response["Cache-Control"] = "no-store"  # the page may hold a new key
    return response


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_api_token_for_user(request.user, pk)
    if token.revoked_at is None:
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:api_tokens")


# Messages a browser (by address) may send to the network in an hour.
CONTACT_LIMIT = (5, 3600)


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """Anyone writes to the network: the coordinators receive it by email, each in their
    language, and their reply goes to the writer's address."""
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.display_name, "email": request.user.email}
    form = MessageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        limit = {"ip": (request.META.get("REMOTE_ADDR", ""), *CONTACT_LIMIT)}
        if not within_rate_limit("accounts.contact", limit):
            form.add_error(
                None,
                _("Too many messages have been sent from here: please try again in an hour."),
            )
        else:
            if not form.from_a_program:
                services.network_write(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                )
            messages.success(
                request,
                _(
                    "Your message is sent to the network's coordinators. Their answer will come "
                    "to your email."
                ),
            )
            return redirect("core:home")
    return render(
        request, "accounts/contact.html", {"form": form}, status=422 if form.errors else 200
    )
