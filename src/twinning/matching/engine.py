"""The matching engine: how well a British group suits a Palestinian community's request for a
twin, why, and the best set of introductions for the whole network.

Everything here works on plain facts (`RequestFacts`, `OfferFacts`), not on models, so it can be
tested and benchmarked on its own. A pair's score is a weighted sum of documented criteria
(`CRITERIA`), each between 0 and 1; `explain()` gives the same score with its terms in plain
words, `score_matrix()` computes it for every pair at once with numpy, and `best_set()` chooses
introductions that maximise the total score without exceeding any group's capacity and without
any excluded pair (scipy's sparse assignment solver).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from twinning.core.text import listing

# A group with fewer active members than this is flagged: it may not sustain a link.
READY_MEMBERS = 4


@dataclass(frozen=True)
class Criterion:
    key: str
    weight: float
    label: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion("kind", 3.0, gettext_lazy("The kinds of community suit each other")),
    Criterion("wishes", 2.0, gettext_lazy("Each side is the kind the other hoped for")),
    Criterion("hopes", 2.0, gettext_lazy("The group offers what the community hopes for")),
    Criterion("interests", 2.0, gettext_lazy("Shared interests")),
    Criterion("languages", 1.0, gettext_lazy("A language in common")),
    Criterion("readiness", 1.0, gettext_lazy("The group has enough active members")),
    Criterion("spread", 1.5, gettext_lazy("The community has few British friends yet")),
)
WEIGHTS = {criterion.key: criterion.weight for criterion in CRITERIA}
MAX_SCORE = sum(WEIGHTS.values())

# How well a kind of British group suits a kind of Palestinian partner, 0 to 1; pairs not named
# here get DEFAULT_AFFINITY. Like with like first: school and school, faith and faith, a town
# with a municipality.
DEFAULT_AFFINITY = 0.25
KIND_AFFINITY: dict[tuple[str, str], float] = {
    ("school", "school"): 1.0,
    ("university", "university"): 1.0,
    ("church", "faith_community"): 1.0,
    ("mosque", "faith_community"): 1.0,
    ("faith_group", "faith_community"): 1.0,
    ("council", "council"): 1.0,
    ("council", "camp_committee"): 0.75,
    ("twinning_association", "council"): 1.0,
    ("twinning_association", "camp_committee"): 1.0,
    ("friendship_group", "council"): 0.75,
    ("friendship_group", "camp_committee"): 0.75,
    ("friendship_group", "womens_centre"): 0.5,
    ("friendship_group", "youth_centre"): 0.5,
    ("friendship_group", "cultural_centre"): 0.5,
    ("friendship_group", "cooperative"): 0.5,
    ("union", "cooperative"): 0.75,
    ("union", "womens_centre"): 0.5,
    ("medical_centre", "medical_centre"): 1.0,
    ("scouts", "youth_centre"): 1.0,
    ("community_centre", "youth_centre"): 0.75,
    ("community_centre", "womens_centre"): 0.75,
    ("community_centre", "cultural_centre"): 0.75,
    ("university", "school"): 0.25,
}


@dataclass(frozen=True)
class RequestFacts:
    """What the matching needs to know of a request for a twin."""

    id: int
    partner_kind: str
    wished_group_kinds: frozenset[str] = frozenset()  # empty: any kind
    hopes: frozenset[str] = frozenset()
    interests: frozenset[int] = frozenset()
    languages: frozenset[str] = frozenset()
    british_friends: int = 0  # the partner's live links with British groups


@dataclass(frozen=True)
class OfferFacts:
    """What the matching needs to know of a British group seeking a partner."""

    id: int
    group_kind: str
    wished_partner_kinds: frozenset[str] = frozenset()  # empty: any kind
    offers: frozenset[str] = frozenset()
    interests: frozenset[int] = frozenset()
    languages: frozenset[str] = frozenset()
    active_members: int = 0
    capacity: int = 1  # how many more links (or introductions) it can take on now


@dataclass
class Term:
    """One criterion's part in a pair's score, with the reason in plain words."""

    key: str
    value: float  # 0..1, before the weight
    points: float  # value × weight
    reason: str


@dataclass
class Explanation:
    score: float  # 0..MAX_SCORE
    terms: list[Term] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.score / MAX_SCORE)

    @property
    def reasons(self) -> list[Term]:
        """The terms that count for the pair, strongest first."""
        return sorted((t for t in self.terms if t.points > 0), key=lambda t: -t.points)


# --- the criteria, one pair at a time ----------------------------------------------------------


def _wish(wished: frozenset[str], kind: str) -> float:
    if not wished:
        return 0.5
    return 1.0 if kind in wished else 0.0


def _hopes(hopes: frozenset[str], offers: frozenset[str]) -> float:
    if not hopes:
        return 0.5
    return len(hopes & offers) / len(hopes)


def _interests(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return min(1.0, len(a & b) / min(len(a), len(b), 3))


def _readiness(members: int) -> float:
    return min(members, READY_MEMBERS) / READY_MEMBERS


def _spread(friends: int) -> float:
    return {0: 1.0, 1: 0.5}.get(friends, 0.0)


def _wishes_reason(request_wish: float, offer_wish: float) -> str:
    if request_wish == offer_wish == 1:
        return _("Each is the kind of community the other hoped for.")
    if 0 in (request_wish, offer_wish):
        return _("One side hoped for another kind of community.")
    if request_wish == offer_wish == 0.5:
        return _("Neither side asked for a particular kind of community.")
    return _("One side is the kind of community the other hoped for.")


def values(request: RequestFacts, offer: OfferFacts) -> dict[str, float]:
    """Each criterion's value for the pair, 0 to 1."""
    return {
        "kind": KIND_AFFINITY.get((offer.group_kind, request.partner_kind), DEFAULT_AFFINITY),
        "wishes": (
            _wish(request.wished_group_kinds, offer.group_kind)
            + _wish(offer.wished_partner_kinds, request.partner_kind)
        )
        / 2,
        "hopes": _hopes(request.hopes, offer.offers),
        "interests": _interests(request.interests, offer.interests),
        "languages": 1.0 if request.languages & offer.languages else 0.0,
        "readiness": _readiness(offer.active_members),
        "spread": _spread(request.british_friends),
    }


def score(request: RequestFacts, offer: OfferFacts) -> float:
    return sum(WEIGHTS[key] * value for key, value in values(request, offer).items())


def explain(
    request: RequestFacts,
    offer: OfferFacts,
    *,
    names: dict | None = None,
) -> Explanation:
    """The pair's score and, for each criterion, why it counts (or does not) in plain words.

    `names` may give display names: {"group_kind", "partner_kind", "interests": {id: name},
    "languages": {code: name}, "hopes": {code: name}}.
    """
    names = names or {}
    found = values(request, offer)
    interests = names.get("interests", {})
    languages = names.get("languages", {})
    hopes = names.get("hopes", {})
    shared_interests = sorted(str(interests.get(i, i)) for i in request.interests & offer.interests)
    shared_languages = sorted(str(languages.get(c, c)) for c in request.languages & offer.languages)
    met_hopes = sorted(str(hopes.get(h, h)) for h in request.hopes & offer.offers)
    group_kind = names.get("group_kind", offer.group_kind)
    partner_kind = names.get("partner_kind", request.partner_kind)
    reasons = {
        "kind": (
            _("A %(group)s and a %(partner)s suit each other well.")
            if found["kind"] >= 0.75
            else _("A %(group)s and a %(partner)s can work together.")
        )
        % {"group": group_kind, "partner": partner_kind},
        "wishes": _wishes_reason(
            _wish(request.wished_group_kinds, offer.group_kind),
            _wish(offer.wished_partner_kinds, request.partner_kind),
        ),
        "hopes": _("The group offers what the community hopes for: %(hopes)s.")
        % {"hopes": listing(met_hopes)}
        if met_hopes
        else _("The group offers none of what the community hopes for.")
        if request.hopes
        else _("The community did not say what it hopes for."),
        "interests": ngettext(
            "They share an interest: %(interests)s.",
            "They share %(count)d interests: %(interests)s.",
            len(shared_interests),
        )
        % {"count": len(shared_interests), "interests": listing(shared_interests)}
        if shared_interests
        else _("They share no interest."),
        "languages": _("Both work in %(languages)s.") % {"languages": listing(shared_languages)}
        if shared_languages
        else _("They have no language in common: they will need an interpreter."),
        "readiness": ngettext(
            "The group has %(count)d active member.",
            "The group has %(count)d active members.",
            offer.active_members,
        )
        % {"count": offer.active_members},
        "spread": _("The community has no British friend yet.")
        if request.british_friends == 0
        else ngettext(
            "The community already has %(count)d British friend.",
            "The community already has %(count)d British friends.",
            request.british_friends,
        )
        % {"count": request.british_friends},
    }
    terms = [
        Term(c.key, found[c.key], round(c.weight * found[c.key], 3), reasons[c.key])
        for c in CRITERIA
    ]
    flags = []
    if offer.active_members < READY_MEMBERS:
        flags.append(
            _("Fewer than %(count)d active members: the group may not sustain a link.")
            % {"count": READY_MEMBERS}
        )
    if request.british_friends:
        flags.append(_("This community is already linked: the network spreads its links."))
    return Explanation(score=sum(t.points for t in terms), terms=terms, flags=flags)


# --- every pair at once -------------------------------------------------------------------------


def _bits(sets: Sequence[Iterable], vocabulary: dict) -> np.ndarray:
    """Each set as bits over the vocabulary: an (n, words) array of the smallest unsigned
    integers that hold it (uint8 for up to 8 values … uint64 words beyond 32)."""
    size = len(vocabulary)
    dtype = next((t for t, bits in _WORDS if size <= bits), np.uint64)
    bits = np.dtype(dtype).itemsize * 8
    words = max(1, (size + bits - 1) // bits)
    masks = [sum(1 << vocabulary[value] for value in values_) for values_ in sets]
    out = np.empty((len(sets), words), dtype=dtype)
    word_mask = (1 << bits) - 1
    for word in range(words):
        shift = word * bits
        out[:, word] = np.fromiter(
            ((mask >> shift) & word_mask for mask in masks), dtype=dtype, count=len(masks)
        )
    return out


_WORDS = ((np.uint8, 8), (np.uint16, 16), (np.uint32, 32))


def _vocabulary(*groups: Iterable[Iterable]) -> dict:
    seen: dict = {}
    for sets in groups:
        for values_ in sets:
            for value in values_:
                seen.setdefault(value, len(seen))
    return seen


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many members each pair of sets shares: (n, m) from (n, w) and (m, w)."""
    total = np.bitwise_count(a[:, 0, None] & b[None, :, 0])
    for word in range(1, a.shape[1]):
        total = total + np.bitwise_count(a[:, word, None] & b[None, :, word])
    return total


def _any_common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    found = (a[:, 0, None] & b[None, :, 0]) != 0
    for word in range(1, a.shape[1]):
        found |= (a[:, word, None] & b[None, :, word]) != 0
    return found


def _sizes(sets: Sequence[frozenset]) -> np.ndarray:
    return np.fromiter((len(s) for s in sets), dtype=np.float32, count=len(sets))


@dataclass
class _Side:
    """One side's facts as arrays, ready to meet the other side's in `score_matrix`."""

    kind: np.ndarray  # index into the affinity table
    own_kind: np.ndarray  # bits
    wished: np.ndarray  # bits
    wishes_any: np.ndarray  # bool: wishes for no kind in particular
    hopes: np.ndarray  # bits: hopes (requests) or offers (groups)
    hope_count: np.ndarray
    interests: np.ndarray
    interest_count: np.ndarray
    languages: np.ndarray
    extra: np.ndarray  # the side's own points: readiness or spread, weighted


# Rows of requests scored at a time: bounds the temporary arrays at a few megabytes.
_CHUNK = 128


def score_matrix(requests: Sequence[RequestFacts], offers: Sequence[OfferFacts]) -> np.ndarray:
    """Every pair's score (the same as `score()`), as an (requests, offers) float32 array."""
    n, m = len(requests), len(offers)
    total = np.zeros((n, m), dtype=np.float32)
    if not n or not m:
        return total
    group_kinds = sorted({o.group_kind for o in offers})
    partner_kinds = sorted({r.partner_kind for r in requests})
    affinity = np.array(
        [[KIND_AFFINITY.get((g, p), DEFAULT_AFFINITY) for g in group_kinds] for p in partner_kinds],
        dtype=np.float32,
    )
    kinds = _vocabulary(
        [[o.group_kind] for o in offers],
        [r.wished_group_kinds for r in requests],
        [[r.partner_kind] for r in requests],
        [o.wished_partner_kinds for o in offers],
    )
    hopes = _vocabulary([r.hopes for r in requests], [o.offers for o in offers])
    interests = _vocabulary([r.interests for r in requests], [o.interests for o in offers])
    languages = _vocabulary([r.languages for r in requests], [o.languages for o in offers])
    friends = np.fromiter((r.british_friends for r in requests), dtype=np.int64, count=n)
    members = np.fromiter((o.active_members for o in offers), dtype=np.float32, count=m)
    left = _Side(
        kind=np.array([partner_kinds.index(r.partner_kind) for r in requests]),
        own_kind=_bits([[r.partner_kind] for r in requests], kinds),
        wished=_bits([r.wished_group_kinds for r in requests], kinds),
        wishes_any=_sizes([r.wished_group_kinds for r in requests]) == 0,
        hopes=_bits([r.hopes for r in requests], hopes),
        hope_count=_sizes([r.hopes for r in requests]),
        interests=_bits([r.interests for r in requests], interests),
        interest_count=_sizes([r.interests for r in requests]),
        languages=_bits([r.languages for r in requests], languages),
        extra=WEIGHTS["spread"]
        * np.where(friends == 0, 1.0, np.where(friends == 1, 0.5, 0.0)).astype(np.float32),
    )
    right = _Side(
        kind=np.array([group_kinds.index(o.group_kind) for o in offers]),
        own_kind=_bits([[o.group_kind] for o in offers], kinds),
        wished=_bits([o.wished_partner_kinds for o in offers], kinds),
        wishes_any=_sizes([o.wished_partner_kinds for o in offers]) == 0,
        hopes=_bits([o.offers for o in offers], hopes),
        hope_count=_sizes([o.offers for o in offers]),
        interests=_bits([o.interests for o in offers], interests),
        interest_count=_sizes([o.interests for o in offers]),
        languages=_bits([o.languages for o in offers], languages),
        extra=WEIGHTS["readiness"] * np.minimum(members, READY_MEMBERS) / READY_MEMBERS,
    )
    for start in range(0, n, _CHUNK):
        rows = slice(start, min(n, start + _CHUNK))
        total[rows] = _score_rows(left, right, affinity, rows)
    return total


def _score_rows(left: _Side, right: _Side, affinity: np.ndarray, rows: slice) -> np.ndarray:
    out = affinity[left.kind[rows]][:, right.kind] * WEIGHTS["kind"]
    # wishes: each side's wish for the other's kind, 0.5 when it wished for none in particular
    request_wish = np.where(
        left.wishes_any[rows, None], 0.5, _any_common(left.wished[rows], right.own_kind)
    )
    offer_wish = np.where(
        right.wishes_any[None, :], 0.5, _any_common(left.own_kind[rows], right.wished)
    )
    out += (WEIGHTS["wishes"] / 2) * (request_wish + offer_wish).astype(np.float32)
    # the community's hopes that the group offers (0.5 when it named none)
    hope_count = left.hope_count[rows, None]
    met = _common(left.hopes[rows], right.hopes) / np.maximum(hope_count, 1)
    out += WEIGHTS["hopes"] * np.where(hope_count == 0, np.float32(0.5), met).astype(np.float32)
    # shared interests, counting up to three
    smaller = np.minimum(np.minimum(left.interest_count[rows, None], 3), right.interest_count)
    shared = _common(left.interests[rows], right.interests)
    out += WEIGHTS["interests"] * np.where(
        smaller > 0, np.minimum(1.0, shared / np.maximum(smaller, 1)), 0.0
    ).astype(np.float32)
    out += WEIGHTS["languages"] * _any_common(left.languages[rows], right.languages)
    out += left.extra[rows, None]
    out += right.extra[None, :]
    return out


# --- the best set of introductions --------------------------------------------------------------


def best_set(
    scores: np.ndarray,
    capacities: Sequence[int],
    *,
    excluded: Iterable[tuple[int, int]] = (),
    min_score: float = 0.0,
) -> list[tuple[int, int]]:
    """The pairs (request row, offer column) that maximise the total score, each request in at
    most one pair, each offer in at most its capacity, no excluded pair, none scoring `min_score`
    or less.

    Exact. Only each request's best offers can be in an optimal set: once a request's candidates
    hold as many places as there are requests, one of them is always free for it (the others can
    fill at most n - 1 places), and it scores at least as well as any offer further down. So the
    problem shrinks to those candidates, each offer becomes as many columns as its places, each
    request gets a column of its own meaning "no introduction", and scipy's sparse assignment
    (LAPJVsp) solves it.
    """
    n, m = scores.shape
    capacities = np.minimum(np.asarray(capacities, dtype=np.int64), n)
    masked = _allowed(scores, capacities, excluded=excluded, min_score=min_score)
    if not n or not np.isfinite(masked).any():
        return []
    # each request's candidates, best first: enough offers to hold n places (the best n
    # offers always do), chosen a block of rows at a time to keep the temporaries small
    top = min(n, m)
    candidates = np.empty((n, top), dtype=np.int64)
    for start in range(0, n, _CHUNK):
        block = masked[start : start + _CHUNK]
        if top < m:
            candidates[start : start + _CHUNK] = np.argpartition(block, m - top, axis=1)[
                :, m - top :
            ]
        else:
            candidates[start : start + _CHUNK] = np.arange(m)
    values_ = np.take_along_axis(masked, candidates, axis=1)
    order = np.argsort(-values_, axis=1, kind="stable")
    candidates = np.take_along_axis(candidates, order, axis=1)
    values_ = np.take_along_axis(values_, order, axis=1)
    held = capacities[candidates]
    keep = ((np.cumsum(held, axis=1) - held) < n) & np.isfinite(values_)
    rows, ranks = np.nonzero(keep)
    if not rows.size:
        return []
    columns, weights = candidates[rows, ranks], values_[rows, ranks].astype(np.float64)
    # each offer's places become columns; offer j's first place is column first[j]
    first = np.concatenate([[0], np.cumsum(capacities)[:-1]])
    places = int(capacities.sum())
    repeat = capacities[columns]
    place_rows = np.repeat(rows, repeat)
    offset = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    place_columns = np.repeat(first[columns], repeat) + offset
    place_weights = np.repeat(weights, repeat)
    # minimise (ceiling - score): every weight positive; "no introduction" costs the ceiling
    ceiling = float(weights.max()) + 1.0
    graph = csr_matrix(
        (
            np.concatenate([ceiling - place_weights, np.full(n, ceiling)]),
            (
                np.concatenate([place_rows, np.arange(n)]),
                np.concatenate([place_columns, places + np.arange(n)]),
            ),
        ),
        shape=(n, places + n),
    )
    _, matched = min_weight_full_bipartite_matching(graph)
    owner = np.repeat(np.arange(m), capacities)
    return sorted(
        (row, int(owner[column])) for row, column in enumerate(matched) if column < places
    )


def _allowed(
    scores: np.ndarray,
    capacities: np.ndarray,
    *,
    excluded: Iterable[tuple[int, int]],
    min_score: float,
) -> np.ndarray:
    """The scores of the pairs that may be introduced; -inf for the others."""
    allowed = (scores > min_score) & (capacities > 0)[None, :]
    for row, column in excluded:
        allowed[row, column] = False
    return np.where(allowed, scores, -np.inf)


def greedy_set(
    scores: np.ndarray,
    capacities: Sequence[int],
    *,
    excluded: Iterable[tuple[int, int]] = (),
    min_score: float = 0.0,
) -> list[tuple[int, int]]:
    """The baseline: take the best remaining pair while one fits."""
    left = np.asarray(capacities, dtype=np.int64).copy()
    blocked = set(excluded)
    order = np.argsort(-scores, axis=None, kind="stable")
    taken: set[int] = set()
    chosen = []
    for flat in order:
        row, column = divmod(int(flat), scores.shape[1])
        if scores[row, column] <= min_score:
            break
        if row in taken or left[column] <= 0 or (row, column) in blocked:
            continue
        taken.add(row)
        left[column] -= 1
        chosen.append((row, column))
        if len(taken) == scores.shape[0]:
            break
    return sorted(chosen)


def dense_check(
    scores: np.ndarray,
    capacities: Sequence[int],
    *,
    excluded: Iterable[tuple[int, int]] = (),
    min_score: float = 0.0,
) -> float:
    """The best total by scipy's dense `linear_sum_assignment` over every place (for checks)."""
    n, _m = scores.shape
    capacities = np.minimum(np.asarray(capacities, dtype=np.int64), n)
    masked = _allowed(scores, capacities, excluded=excluded, min_score=min_score)
    columns = np.repeat(np.where(np.isfinite(masked), masked, 0.0), capacities, axis=1)
    matrix = np.concatenate([columns, np.zeros((n, n), dtype=columns.dtype)], axis=1)
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return float(matrix[rows, cols].sum())


def total(scores: np.ndarray, pairs: Iterable[tuple[int, int]]) -> float:
    return float(sum(scores[row, column] for row, column in pairs))
