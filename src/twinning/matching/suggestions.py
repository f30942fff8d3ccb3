"""The engine applied to the network: facts read from the database in a few queries, and the
suggestions a coordinator sees, each with its reasons."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import get_language

from twinning.directory.models import (
    GroupKind,
    Interest,
    PartnerKind,
    WorkingLanguage,
)
from twinning.matching import engine
from twinning.matching.models import (
    ExcludedPair,
    GroupOffer,
    Hope,
    Introduction,
    TwinRequest,
)
from twinning.matching.services import LIVE_LINK_STATUSES


@dataclass
class Suggestion:
    twin_request: TwinRequest
    offer: GroupOffer
    explanation: engine.Explanation


def _request_facts(twin_request: TwinRequest) -> engine.RequestFacts:
    return engine.RequestFacts(
        id=twin_request.pk,
        partner_kind=twin_request.partner.kind,
        wished_group_kinds=frozenset(twin_request.wished_group_kinds),
        hopes=frozenset(twin_request.hopes),
        interests=frozenset(i.pk for i in twin_request.interests.all()),
        languages=frozenset(twin_request.languages),
        british_friends=getattr(twin_request, "friends", 0),
    )


def _offer_facts(offer: GroupOffer, busy: Counter) -> engine.OfferFacts:
    taken = getattr(offer, "live_links", 0) + busy[offer.group_id]
    return engine.OfferFacts(
        id=offer.pk,
        group_kind=offer.group.kind,
        wished_partner_kinds=frozenset(offer.wished_partner_kinds),
        offers=frozenset(offer.offers),
        interests=frozenset(i.pk for i in offer.interests.all()),
        languages=frozenset(offer.group.languages or []),
        active_members=getattr(offer, "members", 0),
        capacity=max(0, offer.capacity - taken),
    )


def _names() -> dict:
    """Display names for the explanations, in the current language."""
    arabic = get_language() == "ar"
    return {
        "interests": {
            i.pk: (i.name_ar if arabic and i.name_ar else i.name) for i in Interest.objects.all()
        },
        "languages": dict(WorkingLanguage.choices),
        "hopes": dict(Hope.choices),
    }


def _busy_groups() -> Counter:
    """How many open introductions each group is in: they count against its capacity."""
    return Counter(Introduction.objects.open().values_list("group_id", flat=True))


def _blocked() -> set[tuple[int, int]]:
    """(request, group) pairs never suggested: excluded, already being introduced, or
    already linked."""
    pairs = set(ExcludedPair.objects.values_list("request_id", "group_id"))
    pairs |= set(Introduction.objects.open().values_list("request_id", "group_id"))
    pairs |= set(
        TwinRequest.objects.in_play()
        .filter(partner__links__status__in=LIVE_LINK_STATUSES)
        .values_list("pk", "partner__links__group_id")
    )
    return pairs


def _explained(twin_request, offer, request_facts, offer_facts, names) -> Suggestion:
    names = {
        **names,
        "group_kind": GroupKind(offer.group.kind).label,
        "partner_kind": PartnerKind(twin_request.partner.kind).label,
    }
    return Suggestion(twin_request, offer, engine.explain(request_facts, offer_facts, names=names))


def for_request(twin_request: TwinRequest, *, limit: int = 10) -> list[Suggestion]:
    """The groups that suit one request best, with why; excluded pairs left out. None for a
    request that is paused, withdrawn or matched."""
    twin_request = TwinRequest.objects.for_engine().filter(pk=twin_request.pk).first()
    if twin_request is None:
        return []
    busy, blocked = _busy_groups(), _blocked()
    offers = [
        o for o in GroupOffer.objects.for_engine() if (twin_request.pk, o.group_id) not in blocked
    ]
    if not offers:
        return []
    request_facts = _request_facts(twin_request)
    offer_facts = [_offer_facts(o, busy) for o in offers]
    scores = engine.score_matrix([request_facts], offer_facts)[0]
    order = [j for j in scores.argsort()[::-1] if offer_facts[j].capacity > 0][:limit]
    names = _names()
    return [
        _explained(twin_request, offers[j], request_facts, offer_facts[j], names) for j in order
    ]


def for_offer(offer: GroupOffer, *, limit: int = 10) -> list[Suggestion]:
    """The requests that suit one group best, with why; excluded pairs left out. None for an
    offer that is paused or withdrawn, or whose group can take on no more links."""
    offer = GroupOffer.objects.for_engine().filter(pk=offer.pk).first()
    if offer is None:
        return []
    offer_facts = _offer_facts(offer, _busy_groups())
    if offer_facts.capacity <= 0:
        return []
    blocked = _blocked()
    requests = [
        r for r in TwinRequest.objects.for_engine() if (r.pk, offer.group_id) not in blocked
    ]
    if not requests:
        return []
    request_facts = [_request_facts(r) for r in requests]
    scores = engine.score_matrix(request_facts, [offer_facts])[:, 0]
    names = _names()
    return [
        _explained(requests[i], offer, request_facts[i], offer_facts, names)
        for i in scores.argsort()[::-1][:limit]
    ]


def best_introductions(*, min_percent: int = 40) -> list[Suggestion]:
    """The set of introductions that gives the network the best total: each request at most
    once, no group beyond what it can take on, no excluded pair; pairs scoring under
    `min_percent` are not suggested at all."""
    requests = [r for r in TwinRequest.objects.for_engine() if r.status == TwinRequest.Status.OPEN]
    offers = list(GroupOffer.objects.for_engine())
    if not requests or not offers:
        return []
    busy, blocked = _busy_groups(), _blocked()
    request_facts = [_request_facts(r) for r in requests]
    offer_facts = [_offer_facts(o, busy) for o in offers]
    scores = engine.score_matrix(request_facts, offer_facts)
    row_of = {r.pk: i for i, r in enumerate(requests)}
    column_of = {o.group_id: j for j, o in enumerate(offers)}  # one open offer per group
    excluded = [(row_of[r], column_of[g]) for r, g in blocked if r in row_of and g in column_of]
    chosen = engine.best_set(
        scores,
        [f.capacity for f in offer_facts],
        excluded=excluded,
        min_score=engine.MAX_SCORE * min_percent / 100,
    )
    names = _names()
    suggestions = [
        _explained(requests[i], offers[j], request_facts[i], offer_facts[j], names)
        for i, j in chosen
    ]
    return sorted(suggestions, key=lambda s: -s.explanation.score)
