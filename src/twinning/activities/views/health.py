"""Link health, for coordinators: the active links gone quiet."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from twinning.activities.services import links_with_nothing_recorded, quiet_cutoff, quiet_links
from twinning.core.access import permission_required


@login_required
@permission_required("activities.view_link_health")
@require_safe
def link_health(request: HttpRequest) -> HttpResponse:
    """Active links with nothing recorded along them for TWINNING_DORMANT_AFTER_MONTHS, the
    quietest first, with whether their organisers were nudged."""
    cutoff = quiet_cutoff()
    quiet = (
        quiet_links(cutoff)
        .select_related("group", "partner__place")
        .order_by(F("last_activity_on").asc(nulls_first=True), "created_at", "pk")
    )
    page = Paginator(quiet, 50).get_page(request.GET.get("page"))
    # active links too new on the platform to count as quiet, with nothing recorded along them
    # yet: an imported network's links all start so
    unrecorded = links_with_nothing_recorded(cutoff)
    return render(
        request,
        "activities/link_health.html",
        {
            "page": page,
            "cutoff": cutoff,
            "language": get_language(),
            "unrecorded_count": unrecorded.count(),
            "unrecorded": unrecorded.select_related("group", "partner__place")[:20],
        },
    )
