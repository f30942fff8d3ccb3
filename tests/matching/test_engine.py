"""The matching engine: scores that explain themselves, and the best set of introductions."""

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from twinning.matching import engine
from twinning.matching.engine import OfferFacts, RequestFacts


def _request(**facts) -> RequestFacts:
    return RequestFacts(**{"id": 1, "partner_kind": "school", **facts})


def _offer(**facts) -> OfferFacts:
    return OfferFacts(**{"id": 1, "group_kind": "school", "active_members": 6, **facts})


def test_a_school_suits_a_school_better_than_a_scout_group_does() -> None:
    request = _request(hopes=frozenset({"school_exchange"}))
    school = _offer(offers=frozenset({"school_exchange"}))
    scouts = _offer(group_kind="scouts", offers=frozenset({"school_exchange"}))
    assert engine.score(request, school) > engine.score(request, scouts)


def test_each_suggestion_says_why_in_plain_words() -> None:
    request = _request(
        interests=frozenset({1, 2}),
        languages=frozenset({"ar", "en"}),
        hopes=frozenset({"school_exchange", "visitors"}),
    )
    offer = _offer(
        interests=frozenset({2, 3}),
        languages=frozenset({"en"}),
        offers=frozenset({"school_exchange"}),
        active_members=3,
    )
    names = {
        "group_kind": "school",
        "partner_kind": "girls' school",
        "interests": {2: "water"},
        "languages": {"en": "English"},
        "hopes": {"school_exchange": "a school exchange"},
    }
    explanation = engine.explain(request, offer, names=names)
    reasons = " ".join(term.reason for term in explanation.terms)
    assert "They share an interest: water." in reasons
    assert "Both work in English." in reasons
    assert "what the community hopes for: a school exchange" in reasons
    assert "The group has 3 active members." in reasons
    assert any("Fewer than 4 active members" in flag for flag in explanation.flags)
    assert explanation.score == engine.score(request, offer)
    assert 0 < explanation.percent < 100


def test_a_community_with_british_friends_already_ranks_below_one_without() -> None:
    offer = _offer()
    assert engine.score(_request(british_friends=2), offer) < engine.score(_request(), offer)


_kinds = st.sampled_from(["school", "council", "faith_community", "youth_centre"])
_group_kinds = st.sampled_from(["school", "church", "twinning_association", "scouts", "other"])
# up to 160 distinct interests among the pairs: more than one 64-bit word of bits
_small_sets = st.frozensets(st.integers(0, 400), max_size=20)
_languages = st.frozensets(st.sampled_from(["en", "ar", "cy", "fr"]), max_size=2)
_hopes = st.frozensets(st.sampled_from(["visitors", "speaking_tour", "project"]), max_size=3)


@given(
    requests=st.lists(
        st.builds(
            RequestFacts,
            id=st.just(0),
            partner_kind=_kinds,
            wished_group_kinds=st.frozensets(_group_kinds, max_size=2),
            hopes=_hopes,
            interests=_small_sets,
            languages=_languages,
            british_friends=st.integers(0, 3),
        ),
        min_size=1,
        max_size=6,
    ),
    offers=st.lists(
        st.builds(
            OfferFacts,
            id=st.just(0),
            group_kind=_group_kinds,
            wished_partner_kinds=st.frozensets(_kinds, max_size=2),
            offers=_hopes,
            interests=_small_sets,
            languages=_languages,
            active_members=st.integers(0, 8),
        ),
        min_size=1,
        max_size=6,
    ),
)
@settings(max_examples=60, deadline=None)
def test_every_pair_scores_the_same_one_at_a_time_and_all_at_once(requests, offers) -> None:
    matrix = engine.score_matrix(requests, offers)
    for i, request in enumerate(requests):
        for j, offer in enumerate(offers):
            assert abs(matrix[i, j] - engine.score(request, offer)) < 1e-4


@st.composite
def _problems(draw):
    n = draw(st.integers(1, 7))
    m = draw(st.integers(1, 7))
    scores = np.array(
        draw(
            st.lists(st.lists(st.integers(0, 12), min_size=m, max_size=m), min_size=n, max_size=n)
        ),
        dtype=np.float32,
    )
    capacities = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    excluded = draw(
        st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, m - 1)), max_size=n * m // 2)
    )
    return scores, capacities, excluded


@given(problem=_problems(), min_score=st.sampled_from([0.0, 3.0]))
@settings(max_examples=300, deadline=None)
def test_the_best_set_respects_capacities_and_exclusions_and_beats_the_greedy_baseline(
    problem, min_score
) -> None:
    scores, capacities, excluded = problem
    chosen = engine.best_set(scores, capacities, excluded=excluded, min_score=min_score)
    rows = [row for row, _ in chosen]
    assert len(rows) == len(set(rows)), "a request is introduced once at most"
    for column, used in Counter(column for _, column in chosen).items():
        assert used <= capacities[column], "no group beyond its capacity"
    assert not set(chosen) & excluded, "no excluded pair"
    assert all(scores[row, column] > min_score for row, column in chosen)
    best = engine.total(scores, chosen)
    greedy = engine.greedy_set(scores, capacities, excluded=excluded, min_score=min_score)
    assert best >= engine.total(scores, greedy) - 1e-6
    optimum = engine.dense_check(scores, capacities, excluded=excluded, min_score=min_score)
    assert abs(best - optimum) < 1e-4, "as good as scipy's dense assignment"


def test_the_best_set_is_not_the_greedy_one_when_greed_blocks_a_better_total() -> None:
    # request 0 likes both groups; request 1 only the first: greed gives 0 the first
    scores = np.array([[10, 9], [8, 0]], dtype=np.float32)
    assert engine.greedy_set(scores, [1, 1]) == [(0, 0)]
    assert engine.best_set(scores, [1, 1]) == [(0, 1), (1, 0)]
