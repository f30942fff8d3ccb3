"""Fundraising: appeals, their ledger of donations and money sent, the treasurer's CSV, the
partner's confirmation, and the public page with its progress bar."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from twinning.activities import services
from twinning.activities.access import (
    appeals_for,
    get_activities_group_for_user,
    get_appeal_for_user,
    get_entry_for_user,
    get_public_appeal,
    get_transfer_to_confirm,
    may_confirm_arrival,
    may_run_activities,
)
from twinning.activities.forms import (
    AppealForm,
    ConfirmForm,
    DonationForm,
    TransferForm,
)
from twinning.activities.models import Appeal, Donation
from twinning.activities.views import form_page, group_form, refused
from twinning.core.text import spreadsheet_row
from twinning.directory.access import can_see_partner_in_full, get_group_for_user
from twinning.directory.models import Group

DONATIONS_SHOWN = 50
DONATION_IDS, TRANSFER_IDS = "donation-%s", "sent-%s"


@login_required
@require_safe
def appeals(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug)
    rows = list(appeals_for(request.user, group).for_list()[:200])
    return render(
        request,
        "activities/appeals.html",
        {
            "group": group,
            "appeals": rows,
            "may_run": may_run_activities(request.user, group),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal_new(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    return form_page(
        request,
        group_form(request, AppealForm, group),
        lambda values: services.appeal_create(
            actor=request.user, group=group, values=values, form_nonce=values["nonce"]
        ),
        template="activities/appeal_form.html",
        context={"group": group},
        done=_("The appeal is open. Record donations as they come."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    appeal = get_appeal_for_user(request.user, group, pk, write=True)
    return form_page(
        request,
        group_form(request, AppealForm, group, appeal),
        lambda values: services.appeal_update(
            actor=request.user, appeal=appeal, values=values, version=values["version"]
        ),
        template="activities/appeal_form.html",
        context={"group": group, "appeal": appeal},
        done=_("Saved."),
        changes=appeal,
    )


def _appeal_page(
    request: HttpRequest, group: Group, appeal: Appeal, *, donation_form=None, transfer_form=None
) -> HttpResponse:
    may_run = may_run_activities(request.user, group)
    receiving = may_confirm_arrival(request.user, appeal)
    context = {
        "group": group,
        "appeal": appeal,
        "totals": services.appeal_totals(appeal),
        "may_run": may_run,
        "receiving": receiving,
        "partner_full": appeal.link is None
        or can_see_partner_in_full(request.user, appeal.link.partner),
        # who gave is for those who run the appeal; the latest first, a page at a time
        "donations": Paginator(
            appeal.donations.order_by("-received_on", "-pk"), DONATIONS_SHOWN
        ).get_page(request.GET.get("page"))
        if may_run
        else None,
        "transfers": list(appeal.transfers.all()),
        # two forms on one page: their fields' ids must differ
        "donation_form": (donation_form or DonationForm(auto_id=DONATION_IDS)) if may_run else None,
        "transfer_form": (transfer_form or TransferForm(auto_id=TRANSFER_IDS)) if may_run else None,
        "confirm_form": ConfirmForm() if receiving else None,
    }
    failed = donation_form is not None or transfer_form is not None
    return render(request, "activities/appeal_detail.html", context, status=422 if failed else 200)


@login_required
@require_safe
def appeal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug)
    appeal = get_appeal_for_user(request.user, group, pk)
    return _appeal_page(request, group, appeal)


@login_required
@require_POST
def donation_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    appeal = get_appeal_for_user(request.user, group, pk, write=True)
    form = DonationForm(request.POST, auto_id=DONATION_IDS)
    if form.is_valid():
        try:
            services.donation_record(
                actor=request.user,
                appeal=appeal,
                values=form.cleaned_data,
                form_nonce=form.cleaned_data["nonce"],
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The donation is recorded."))
            return redirect(f"{appeal.get_absolute_url()}#ledger")
    return _appeal_page(request, group, appeal, donation_form=form)


@login_required
@require_POST
def transfer_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    appeal = get_appeal_for_user(request.user, group, pk, write=True)
    form = TransferForm(request.POST, auto_id=TRANSFER_IDS)
    if form.is_valid():
        try:
            services.transfer_record(
                actor=request.user,
                appeal=appeal,
                values=form.cleaned_data,
                form_nonce=form.cleaned_data["nonce"],
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The money sent is recorded."))
            return redirect(f"{appeal.get_absolute_url()}#ledger")
    return _appeal_page(request, group, appeal, transfer_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, slug: str, pk: int, kind: str, entry: int) -> HttpResponse:
    """Correct or remove a donation or a transfer."""
    group = get_activities_group_for_user(request.user, slug, write=True)
    appeal = get_appeal_for_user(request.user, group, pk, write=True)
    found = get_entry_for_user(request.user, appeal, kind, entry)
    if request.method == "POST" and request.POST.get("remove") == "1":
        try:
            services.entry_remove(actor=request.user, entry=found)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(request, _("Removed from the ledger."))
        return redirect(f"{appeal.get_absolute_url()}#ledger")
    form_class = DonationForm if isinstance(found, Donation) else TransferForm
    return form_page(
        request,
        form_class(request.POST or None, instance=found),
        lambda values: services.entry_update(actor=request.user, entry=found, values=values),
        template="activities/entry_form.html",
        context={"group": group, "appeal": appeal, "entry": found, "kind": kind},
        done=_("Saved."),
        to=f"{appeal.get_absolute_url()}#ledger",
    )


@login_required
@require_POST
def transfer_confirm(request: HttpRequest, slug: str, pk: int, entry: int) -> HttpResponse:
    """The partner's side says the money arrived."""
    group = get_activities_group_for_user(request.user, slug)
    transfer = get_transfer_to_confirm(request.user, group, pk, entry)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("confirmation", [])))
        return redirect(transfer.appeal.get_absolute_url())
    services.transfer_confirm(
        actor=request.user, transfer=transfer, confirmation=form.cleaned_data["confirmation"]
    )
    messages.success(request, _("Thank you: the group knows the money arrived."))
    return redirect(f"{transfer.appeal.get_absolute_url()}#ledger")


@login_required
@require_safe
def appeal_ledger_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The ledger for the treasurer, as a spreadsheet (donors' names included: it is the
    organisers' own record)."""
    group = get_activities_group_for_user(request.user, slug, write=True)
    appeal = get_appeal_for_user(request.user, group, pk, write=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [_("Date"), _("Entry"), _("In (£)"), _("Out (£)"), _("How"), _("Donor or reference"),
         _("Gift Aid"), _("Note")]
    )  # fmt: skip
    kinds = {"donation": _("donation"), "transfer": _("money sent")}
    for row in services.ledger(appeal):
        writer.writerow(
            spreadsheet_row(
                [
                    row["date"].isoformat(),
                    kinds[row["kind"]],
                    row["money_in"] if row["money_in"] is not None else "",
                    row["money_out"] if row["money_out"] is not None else "",
                    row["how"],
                    row["who"],
                    "" if row["gift_aid"] is None else (_("yes") if row["gift_aid"] else _("no")),
                    row["note"],
                ]
            )
        )
    totals = services.appeal_totals(appeal)
    writer.writerow([])
    writer.writerow(["", _("Total"), totals.raised, totals.sent, "", "", totals.gift_aid, ""])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="appeal-{appeal.pk}-ledger.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def appeal_public(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An appeal as the public sees it: its purpose and how far it has come, never who gave."""
    group = get_group_for_user(request.user, slug)
    appeal = get_public_appeal(group, pk)
    return render(
        request,
        "activities/appeal_public.html",
        {
            "group": group,
            "appeal": appeal,
            "totals": services.appeal_totals(appeal),
            "partner_full": appeal.link is None
            or can_see_partner_in_full(request.user, appeal.link.partner),
        },
    )
