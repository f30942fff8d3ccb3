"""Coordinators' review of the groups and partners people add."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from twinning.core.access import permission_required
from twinning.directory import services
from twinning.directory.access import get_group_for_user, get_partner_for_user
from twinning.directory.forms import PartnerReviewForm, ReviewForm
from twinning.directory.models import Group, Link, Partner


@login_required
@require_safe
@permission_required("directory.review_groups")
def review_queue(request: HttpRequest) -> HttpResponse:
    """Coordinators: groups and partners waiting for review, and links proposed and waiting
    for the partner's yes, oldest first."""
    pending = list(Group.objects.waiting_for_review())
    proposed = list(Link.objects.waiting_for_a_yes())
    today = timezone.localdate()
    for link in proposed:
        link.days_waiting = max((today - timezone.localdate(link.created_at)).days, 0)
    partners = list(Partner.objects.waiting_for_review())
    # One form each, with ids of its own, so every label names its own field.
    for group in pending:
        group.review_form = ReviewForm(auto_id=f"id_group{group.pk}_%s")
    for partner in partners:
        partner.review_form = PartnerReviewForm(auto_id=f"id_partner{partner.pk}_%s")
        if not partner.proposer_speaks_for_it or partner.proposed_by is None:
            del partner.review_form.fields["make_contact"]
    return render(
        request,
        "directory/review_queue.html",
        {
            "pending": pending,
            "partners": partners,
            "proposed": proposed,
            "language": get_language(),
        },
    )


@login_required
@require_POST
@permission_required("directory.review_groups")
def group_review(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_for_user(request.user, slug)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve the group."))
        return redirect("directory:review_queue")
    approve = form.cleaned_data["decision"] == "approve"
    return _record_review(
        request,
        group.name,
        approve,
        lambda: services.group_review(
            actor=request.user, group=group, approve=approve, reason=form.cleaned_data["reason"]
        ),
    )


def _record_review(
    request: HttpRequest, name: str, approve: bool, review: Callable[[], object]
) -> HttpResponse:
    """Carry out a coordinator's decision on a group or partner and say how it went."""
    try:
        review()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if approve:
            messages.success(request, _("%(name)s is approved.") % {"name": name})
        else:
            messages.success(request, _("%(name)s is not accepted.") % {"name": name})
    return redirect("directory:review_queue")


@login_required
@require_POST
@permission_required("directory.review_groups")
def partner_review(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_partner_for_user(request.user, slug)
    form = PartnerReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve the partner."))
        return redirect("directory:review_queue")
    approve = form.cleaned_data["decision"] == "approve"
    return _record_review(
        request,
        partner.name,
        approve,
        lambda: services.partner_review(
            actor=request.user,
            partner=partner,
            approve=approve,
            reason=form.cleaned_data["reason"],
            make_contact=form.cleaned_data["make_contact"],
        ),
    )
