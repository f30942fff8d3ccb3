"""Every change to requests, offers, expressions of interest and introductions goes through here,
with its entry in the history and the emails it prompts (each in its recipient's language)."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from twinning.accounts.services import (
    acting_person,
    email_coordinators,
    email_people,
    one_submission_at_a_time,
)
from twinning.core.services import audit_log, site_url
from twinning.directory import services as directory
from twinning.directory.models import Group, GroupRole, Link, Partner, ReviewStatus
from twinning.directory.models.links import LinkKind
from twinning.matching.models import (
    STAGE_ORDER,
    ExcludedPair,
    ExpressionOfInterest,
    GroupOffer,
    Introduction,
    IntroductionStep,
    Stage,
    TwinRequest,
)

REQUEST_FIELDS = (
    "wished_group_kinds",
    "hopes",
    "languages",
    "message",
    "message_ar",
    "visited_on",
    "visited_by",
)
OFFER_FIELDS = ("wished_partner_kinds", "offers", "capacity", "message")
LIVE_LINK_STATUSES = ("proposed", "active", "dormant")


def _organisers(group: Group):
    return get_user_model().objects.filter(
        group_roles__group=group, group_roles__role=GroupRole.Role.ORGANISER
    )


def _contacts(partner: Partner):
    return get_user_model().objects.filter(partner_contacts__partner=partner)


def _partner_for_mail(partner: Partner) -> str:
    """How an email names a partner: a sensitive one by kind and governorate only."""
    return partner.public_label(_language())


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


# --- requests for a twin ------------------------------------------------------------------------


def request_create(*, actor, partner: Partner, values: dict[str, Any]) -> TwinRequest:
    """A partner (or a coordinator after a visit) asks for a British twin; coordinators are told."""
    if partner.status != ReviewStatus.APPROVED:
        raise ValidationError(_("This partner is not in the directory yet."))
    values = {k: v for k, v in values.items() if k in (*REQUEST_FIELDS, "interests")}
    interests = values.pop("interests", None)
    with transaction.atomic():
        one_submission_at_a_time(actor)
        again = _same_request(actor, partner, values, interests)
        if again is not None:
            return again
        twin_request = TwinRequest.objects.create(
            partner=partner, created_by=acting_person(actor), **values
        )
        if interests is not None:
            twin_request.interests.set(interests)
        audit_log(actor=actor, action="request.created", obj=twin_request)
        url = site_url(reverse("matching:request", args=[twin_request.pk]))
        email_coordinators(
            subject=lambda: (
                _("A community asks for a British twin: %(partner)s")
                % {"partner": _partner_for_mail(partner)}
            ),
            body=lambda: (
                _("A new request for a twin waits for introductions:\n%(url)s") % {"url": url}
            ),
        )
    return twin_request


def _same_request(actor, partner, values, interests) -> TwinRequest | None:
    if acting_person(actor) is None:
        return None
    recent = TwinRequest.objects.filter(
        partner=partner,
        created_by=actor,
        created_at__gt=timezone.now() - directory.RESUBMIT_WINDOW,
    ).prefetch_related("interests")
    wanted = {i.pk for i in interests} if interests is not None else set()
    for candidate in recent:
        if all(getattr(candidate, k) == v for k, v in values.items()) and wanted == {
            i.pk for i in candidate.interests.all()
        }:
            return candidate
    return None


def request_update(*, actor, twin_request: TwinRequest, values: dict[str, Any]) -> TwinRequest:
    return _update(actor, twin_request, values, (*REQUEST_FIELDS, "interests"), "request.changed")


def _update(actor, obj, values: dict[str, Any], fields, action: str):
    """Save the fields of a request or an offer that changed, and its interests; one history
    entry naming what changed."""
    values = {k: v for k, v in values.items() if k in fields}
    interests = values.pop("interests", None)
    with transaction.atomic():
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        for key in changed:
            setattr(obj, key, values[key])
        if changed:
            obj.save(update_fields=[*changed, "updated_at"])
        if interests is not None:
            obj.interests.set(interests)
        audit_log(actor=actor, action=action, obj=obj, data={"fields": changed})
    return obj


def request_set_status(*, actor, twin_request: TwinRequest, status: str) -> TwinRequest:
    """Open, pause or withdraw a request (introduced and matched follow the introductions).

    Paused, its introductions wait; withdrawn, they end (declined for the partner), so that
    nothing goes on in its name. Reopened while introductions are under way, it is
    "introduced" again rather than open to everyone.
    """
    allowed = {TwinRequest.Status.OPEN, TwinRequest.Status.PAUSED, TwinRequest.Status.WITHDRAWN}
    if status not in allowed:
        raise ValidationError(_("A request can be opened, paused or withdrawn."))
    with transaction.atomic():
        twin_request = TwinRequest.objects.select_for_update().get(pk=twin_request.pk)
        before = twin_request.status
        if before == TwinRequest.Status.MATCHED:
            raise ValidationError(_("This request is matched: its link is in the directory."))
        if status == TwinRequest.Status.WITHDRAWN:
            for introduction in Introduction.objects.open().filter(request=twin_request):
                _decline(
                    introduction,
                    actor=actor,
                    side=Introduction.Side.PARTNER,
                    reason=_("The request was withdrawn."),
                )
        elif status == TwinRequest.Status.OPEN and _asked(twin_request).exists():
            status = TwinRequest.Status.INTRODUCED
        if status != before:
            twin_request.status = status
            twin_request.save(update_fields=["status", "updated_at"])
            audit_log(
                actor=actor,
                action="request.status",
                obj=twin_request,
                data={"from": before, "to": status},
            )
    return twin_request


def _asked(twin_request: TwinRequest):
    """The request's open introductions whose two sides have been asked."""
    return Introduction.objects.open().known_to_sides().filter(request=twin_request)


def _refuse_unless_active(twin_request: TwinRequest) -> None:
    if twin_request.status == TwinRequest.Status.PAUSED:
        raise ValidationError(_("This request is paused: its introductions wait until it reopens."))
    if twin_request.status not in (TwinRequest.Status.OPEN, TwinRequest.Status.INTRODUCED):
        raise ValidationError(_("This request is closed."))


# --- groups' offers -----------------------------------------------------------------------------


def offer_create(*, actor, group: Group, values: dict[str, Any]) -> GroupOffer:
    """A group says it seeks a Palestinian partner. One live offer per group: sending the form
    again changes the live one rather than adding a second."""
    if group.status != ReviewStatus.APPROVED:
        raise ValidationError(_("A group can seek a partner once a coordinator has approved it."))
    with transaction.atomic():
        Group.objects.select_for_update().filter(pk=group.pk).first()  # one offer at a time
        live = GroupOffer.objects.select_for_update().live_for(group).first()
        if live is not None:
            return offer_update(actor=actor, offer=live, values=values)
        values = {k: v for k, v in values.items() if k in (*OFFER_FIELDS, "interests")}
        interests = values.pop("interests", None)
        offer = GroupOffer.objects.create(group=group, created_by=acting_person(actor), **values)
        offer.interests.set(interests if interests is not None else group.interests.all())
        audit_log(actor=actor, action="offer.created", obj=offer)
    return offer


def offer_update(*, actor, offer: GroupOffer, values: dict[str, Any]) -> GroupOffer:
    return _update(actor, offer, values, (*OFFER_FIELDS, "interests", "status"), "offer.changed")


# --- expressions of interest --------------------------------------------------------------------


def interest_express(
    *, actor, twin_request: TwinRequest, group: Group, message: str = ""
) -> ExpressionOfInterest:
    """A group tells the network it would like to twin with a community that asked for a twin.
    Coordinators are told; a second expression by the same group changes nothing."""
    if group.status != ReviewStatus.APPROVED:
        raise ValidationError(_("A group can do this once a coordinator has approved it."))
    with transaction.atomic():
        twin_request = TwinRequest.objects.select_for_update().get(pk=twin_request.pk)
        if twin_request.status != TwinRequest.Status.OPEN:
            raise ValidationError(_("This community is not seeking a twin just now."))
        interest, created = ExpressionOfInterest.objects.get_or_create(
            request=twin_request,
            group=group,
            defaults={"message": message.strip(), "by": acting_person(actor)},
        )
        if created:
            audit_log(actor=actor, action="request.interest", obj=twin_request)
            url = site_url(reverse("matching:request", args=[twin_request.pk]))
            email_coordinators(
                subject=lambda: (
                    _("%(group)s would like to twin with %(partner)s")
                    % {"group": group.name, "partner": _partner_for_mail(twin_request.partner)}
                ),
                body=lambda: (
                    _("Their message:\n%(message)s\n\n%(url)s")
                    % {"message": message.strip() or "—", "url": url}
                ),
            )
    return interest


# --- introductions ------------------------------------------------------------------------------


def introduction_create(
    *, actor, twin_request: TwinRequest, group: Group, score: int | None = None
) -> Introduction:
    """A coordinator shortlists a group for a request: the first step of an introduction.
    A pair already being introduced, or excluded, is refused."""
    if group.status != ReviewStatus.APPROVED:
        raise ValidationError(_("This group is not in the directory yet."))
    with transaction.atomic():
        twin_request = TwinRequest.objects.select_for_update().get(pk=twin_request.pk)
        _refuse_unless_active(twin_request)
        if ExcludedPair.objects.filter(request=twin_request, group=group).exists():
            raise ValidationError(_("This pair was declined before: it is not introduced again."))
        if _live_links(group, twin_request.partner).exists():
            raise ValidationError(_("This group and this partner are already twinned."))
        live = Introduction.objects.filter(request=twin_request, group=group).exclude(
            stage=Stage.DECLINED
        )
        if live.exists():
            return live.get()
        now = timezone.now()
        introduction = Introduction.objects.create(
            request=twin_request,
            group=group,
            stage=Stage.SHORTLISTED,
            stage_changed_at=now,
            score=score,
            created_by=acting_person(actor),
        )
        IntroductionStep.objects.create(
            introduction=introduction, stage=Stage.SHORTLISTED, by=acting_person(actor)
        )
        audit_log(actor=actor, action="introduction.created", obj=introduction)
    return introduction


def _step(introduction: Introduction, stage: str, *, actor, note: str = "") -> None:
    introduction.stage = stage
    introduction.stage_changed_at = timezone.now()
    introduction.reminded_at = None
    if stage == Stage.INTRODUCED:
        introduction.introduced_at = introduction.stage_changed_at
    introduction.save(update_fields=["stage", "stage_changed_at", "reminded_at", "introduced_at"])
    IntroductionStep.objects.create(
        introduction=introduction, stage=stage, note=note[:1000], by=acting_person(actor)
    )
    audit_log(actor=actor, action="introduction.step", obj=introduction, data={"stage": stage})


def _locked(introduction: Introduction) -> Introduction:
    return (
        Introduction.objects.select_for_update()
        .select_related("request__partner", "group")
        .get(pk=introduction.pk)
    )


def introduction_advance(
    *, actor, introduction: Introduction, stage: str, note: str = "", kind: str = ""
) -> Introduction:
    """Record the next step of an introduction.

    Coordinators ask both sides (→ introduced) and declare the link active (which creates
    the link in the directory, of `kind`); once both sides have accepted, either side or a
    coordinator records first contact, the first visit or call and the friendship statement.
    Steps go forward only, one at a time.
    """
    with transaction.atomic():
        introduction = _locked(introduction)
        if not introduction.is_open:
            raise ValidationError(_("This introduction is over."))
        current = STAGE_ORDER.index(Stage(introduction.stage))
        if stage not in STAGE_ORDER or STAGE_ORDER.index(Stage(stage)) != current + 1:
            raise ValidationError(
                _("The next step of this introduction is “%(stage)s”.")
                % {"stage": STAGE_ORDER[current + 1].label}
            )
        if stage == Stage.ACCEPTED:
            raise ValidationError(_("Both sides accept for themselves."))
        twin_request = TwinRequest.objects.select_for_update().get(pk=introduction.request_id)
        _refuse_unless_active(twin_request)
        _step(introduction, stage, actor=actor, note=note)
        if stage == Stage.INTRODUCED:
            if twin_request.status == TwinRequest.Status.OPEN:
                twin_request.status = TwinRequest.Status.INTRODUCED
                twin_request.save(update_fields=["status", "updated_at"])
            _ask_both_sides(introduction)
        elif stage == Stage.ACTIVE:
            introduction.link = _live_link(introduction, actor=actor, kind=kind)
            introduction.save(update_fields=["link"])
            twin_request.status = TwinRequest.Status.MATCHED
            twin_request.save(update_fields=["status", "updated_at"])
            # the community has its twin: the other introductions of its request end
            for other in (
                Introduction.objects.open().filter(request=twin_request).exclude(pk=introduction.pk)
            ):
                _decline(
                    other,
                    actor=actor,
                    side=Introduction.Side.COORDINATOR,
                    reason=_("The community is now twinned with another group."),
                )
    return introduction


def _live_link(introduction: Introduction, *, actor, kind: str):
    """The link the introduction ends in: one either side already proposed in the directory
    (made active), or a new active one."""
    partner, group = introduction.request.partner, introduction.group
    existing = _live_links(group, partner).select_related("group", "partner").first()
    if existing is None:
        return directory.link_propose(
            actor=actor,
            group=group,
            partner=partner,
            kind=kind or _link_kind(introduction),
            status="active",
        )
    if existing.status != "active":
        directory.link_set_status(
            actor=actor,
            link=existing,
            status="active",
            reason=_("Introduced by the network."),
            tell=False,
        )
    return existing


def _live_links(group: Group, partner: Partner):
    """The group's and the partner's link, if they have one that is not ended (at most one)."""
    return Link.objects.filter(group=group, partner=partner, status__in=LIVE_LINK_STATUSES)


def _link_kind(introduction: Introduction) -> str:
    kind = introduction.group.kind
    if kind in (LinkKind.SCHOOL, LinkKind.UNIVERSITY, LinkKind.UNION, LinkKind.COUNCIL):
        return kind
    if kind in ("church", "mosque", "faith_group"):
        return LinkKind.FAITH
    return LinkKind.FRIENDSHIP


def _ask_both_sides(introduction: Introduction) -> None:
    url = site_url(reverse("matching:introduction", args=[introduction.pk]))
    partner, group = introduction.request.partner, introduction.group
    email_people(
        _organisers(group),
        subject=lambda: (
            _("An introduction: %(partner)s would like a British twin")
            % {"partner": _partner_for_mail(partner)}
        ),
        body=lambda: (
            _(
                "The network suggests that %(group)s and %(partner)s become friends. "
                "Please say whether you accept:\n%(url)s"
            )
            % {"group": group.name, "partner": _partner_for_mail(partner), "url": url}
        ),
    )
    email_people(
        _contacts(partner),
        subject=lambda: (
            _("An introduction: a British group for %(partner)s")
            % {"partner": partner.display_name(_language())}
        ),
        body=lambda: (
            _(
                "The network suggests %(group)s as a twin for %(partner)s. "
                "Please say whether you accept:\n%(url)s"
            )
            % {"group": group.name, "partner": partner.display_name(_language()), "url": url}
        ),
    )


def introduction_accept(*, actor, introduction: Introduction, side: str) -> Introduction:
    """One side accepts the introduction; when both have, it moves on to "both accepted"."""
    with transaction.atomic():
        introduction = _locked(introduction)
        if introduction.stage != Stage.INTRODUCED:
            raise ValidationError(_("This introduction is not waiting for an answer."))
        _refuse_unless_active(introduction.request)
        field = {"group": "group_accepted_at", "partner": "partner_accepted_at"}.get(side)
        if field is None:
            raise ValidationError(_("Only the group or the partner accepts an introduction."))
        if getattr(introduction, field) is None:
            setattr(introduction, field, timezone.now())
            introduction.save(update_fields=[field])
            audit_log(
                actor=actor, action="introduction.accepted", obj=introduction, data={"side": side}
            )
        if introduction.group_accepted_at and introduction.partner_accepted_at:
            _step(introduction, Stage.ACCEPTED, actor=actor)
            url = site_url(reverse("matching:introduction", args=[introduction.pk]))
            email_coordinators(
                subject=lambda: (
                    _("Both sides accepted an introduction: %(intro)s")
                    % {"intro": _introduction_for_mail(introduction)}
                ),
                body=lambda: _("They can now make first contact:\n%(url)s") % {"url": url},
            )
    return introduction


def _introduction_for_mail(introduction: Introduction) -> str:
    return f"{introduction.group.name} – {_partner_for_mail(introduction.request.partner)}"


def introduction_decline(
    *, actor, introduction: Introduction, side: str, reason: str = ""
) -> Introduction:
    """Either side (or a coordinator) declines: the introduction ends, the pair is not suggested
    again, and the request is open again for other groups."""
    if side not in Introduction.Side.values:
        raise ValidationError(_("Say who declines."))
    with transaction.atomic():
        introduction = _locked(introduction)
        if not introduction.is_open:
            raise ValidationError(_("This introduction is over."))
        _decline(introduction, actor=actor, side=side, reason=reason)
        twin_request = TwinRequest.objects.select_for_update().get(pk=introduction.request_id)
        if twin_request.status == TwinRequest.Status.INTRODUCED and not _asked(twin_request):
            twin_request.status = TwinRequest.Status.OPEN
            twin_request.save(update_fields=["status", "updated_at"])
    return introduction


def _decline(introduction: Introduction, *, actor, side: str, reason: str) -> None:
    reason = reason.strip()[:500]
    introduction.declined_by = side
    introduction.decline_reason = reason
    introduction.save(update_fields=["declined_by", "decline_reason"])
    _step(introduction, Stage.DECLINED, actor=actor, note=reason)
    ExcludedPair.objects.get_or_create(
        request=introduction.request,
        group=introduction.group,
        defaults={"reason": reason, "by": acting_person(actor)},
    )
    url = site_url(reverse("matching:introduction", args=[introduction.pk]))
    email_coordinators(
        subject=lambda: (
            _("An introduction was declined: %(intro)s")
            % {"intro": _introduction_for_mail(introduction)}
        ),
        body=lambda: (
            _("Declined by %(side)s. Reason: %(reason)s\n%(url)s")
            % {"side": Introduction.Side(side).label, "reason": reason or "—", "url": url}
        ),
    )


def pair_exclude(*, actor, twin_request: TwinRequest, group: Group, reason: str = "") -> None:
    """A coordinator judges a suggested pair unsuitable: it is not suggested again."""
    with transaction.atomic():
        _, created = ExcludedPair.objects.get_or_create(
            request=twin_request,
            group=group,
            defaults={"reason": reason.strip()[:500], "by": acting_person(actor)},
        )
        if created:
            audit_log(
                actor=actor,
                action="request.pair_excluded",
                obj=twin_request,
                data={"group": group.pk},
            )


def introductions_remind(*, stalled_after: datetime.timedelta | None = None) -> int:
    """Remind coordinators and the group's organisers of introductions that have not moved
    for a while (settings.TWINNING_INTRODUCTION_REMINDER_DAYS), once per stall. Returns how
    many introductions were reminded of."""
    stalled_after = stalled_after or datetime.timedelta(
        days=settings.TWINNING_INTRODUCTION_REMINDER_DAYS
    )
    cutoff = timezone.now() - stalled_after
    stalled = Introduction.objects.for_board().filter(
        stage_changed_at__lt=cutoff, reminded_at__isnull=True
    )
    count = 0
    for introduction in stalled:
        with transaction.atomic():
            marked = Introduction.objects.filter(
                pk=introduction.pk, reminded_at__isnull=True
            ).update(reminded_at=timezone.now())
            if not marked:
                continue
            url = site_url(reverse("matching:introduction", args=[introduction.pk]))
            days = (timezone.now() - introduction.stage_changed_at).days

            def subject(introduction=introduction) -> str:
                return _("An introduction is waiting: %(intro)s") % {
                    "intro": _introduction_for_mail(introduction)
                }

            def body(introduction=introduction, days=days, url=url) -> str:
                return _(
                    "This introduction has been at “%(stage)s” for %(days)d days. "
                    "What is the next step?\n%(url)s"
                ) % {"stage": Stage(introduction.stage).label, "days": days, "url": url}

            email_coordinators(subject=subject, body=body)
            if introduction.stage != Stage.SHORTLISTED:  # the group knows of it from "introduced"
                email_people(_organisers(introduction.group), subject=subject, body=body)
            count += 1
    return count


def personal_data(user) -> dict[str, Any]:
    """What matching holds about a person, for their data download."""

    def rows(queryset, *fields) -> list[dict[str, Any]]:
        return [
            {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}
            for row in queryset.values(*fields)
        ]

    return {
        "requests_written": rows(
            TwinRequest.objects.filter(created_by=user),
            "pk",
            "partner__name",
            "message",
            "message_ar",
            "created_at",
        ),
        "expressions_of_interest": rows(
            ExpressionOfInterest.objects.filter(by=user),
            "request_id",
            "group__name",
            "message",
            "created_at",
        ),
        "introduction_steps": rows(
            IntroductionStep.objects.filter(by=user), "introduction_id", "stage", "note", "at"
        ),
    }


def personal_data_erase(user) -> None:
    """Forget who wrote what; the notes they wrote may name them, so those go too."""
    TwinRequest.objects.filter(created_by=user).update(created_by=None)
    GroupOffer.objects.filter(created_by=user).update(created_by=None)
    ExpressionOfInterest.objects.filter(by=user).update(by=None)
    IntroductionStep.objects.filter(by=user).update(by=None, note="")
    Introduction.objects.filter(created_by=user).update(created_by=None)
    ExcludedPair.objects.filter(by=user).update(by=None)
