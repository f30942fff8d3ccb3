"""Starting a group: people register near where they live, are pooled with their neighbours,
introduced to each other only if they agreed, and a coordinator turns a pool into a group."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.conftest import client_for
from twinning.directory.models import Group, GroupInvitation
from twinning.formation import pooling, services
from twinning.formation.models import Pool, Registration, StarterTask
from twinning.places.models import Place

pytestmark = pytest.mark.django_db


def _place(name: str) -> Place:
    return Place.objects.filter(country="GB", name=name).order_by("-population").first()


def _registered(name: str, place: str, *, consent: bool = True, language: str = "en"):
    registration = services.registration_create(
        values={
            "name": name,
            "email": f"{name.lower().replace(' ', '.')}@example.org",
            "place": _place(place),
            "may_introduce": consent,
            "language": language,
        }
    )
    return services.registration_confirm(token=registration.token)


def test_someone_registers_without_an_account_confirms_by_email_and_sees_groups_nearby(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    leeds = _place("Leeds")
    cast.group_b.place = leeds
    cast.group_b.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/start-a-group/",
            {
                "name": "Rosa Neighbour",
                "email": "rosa@example.org",
                "place_q": "Leeds",
                "place_was": "",
                "place": str(leeds.pk),
                "gives": ["time", "arabic"],
                "language": "en",
            },
        )
    assert response["Location"] == "/start-a-group/registered/"
    page = client.get("/start-a-group/registered/").content.decode()
    assert "Leeds Jenin Link" in page and "km away" in page  # a group already nearby
    [message] = mailoutbox
    path = re.search(r"/start-a-group/confirm/[^/\s]+/", message.body).group(0)
    registration = Registration.objects.get()
    assert registration.confirmed_at is None
    assert client.get(path).status_code == 200  # a mail scanner's visit confirms nothing
    registration.refresh_from_db()
    assert registration.confirmed_at is None
    client.post(path)
    registration.refresh_from_db()
    assert registration.confirmed_at is not None and registration.pool is not None


def test_only_people_who_agreed_are_named_and_only_to_each_other(
    cast, mailoutbox, django_capture_on_commit_callbacks, settings
) -> None:
    settings.TWINNING_POOL_THRESHOLD = 4
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Ann One", "Ben Two", "Cat Three"):
            _registered(name, "Leeds")
        _registered("Quiet Neighbour", "Leeds", consent=False)
        _registered("Far Away", "Plymouth")
    # three who agreed, one who did not: no one is introduced yet
    assert not [m for m in mailoutbox if "Neighbours" in m.subject]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _registered("Dan Four", "Leeds", language="ar")
    to = {m.to[0]: m for m in mailoutbox}
    assert cast.coordinator.email in to
    assert "5 people near Leeds" in to[cast.coordinator.email].body
    introduced = {"ann.one@example.org", "ben.two@example.org", "cat.three@example.org",
                  "dan.four@example.org"}  # fmt: skip
    assert introduced <= set(to)
    assert "quiet.neighbour@example.org" not in to and "far.away@example.org" not in to
    for email in introduced:
        body = to[email].body
        assert "Quiet Neighbour" not in body and "quiet.neighbour" not in body
        assert "Far Away" not in body
        assert email not in body  # the others, not themselves
    assert "Ann One <ann.one@example.org>" in to["dan.four@example.org"].body
    assert any("\u0600" <= c <= "\u06ff" for c in to["dan.four@example.org"].subject)


def test_the_coordinators_are_alerted_once_per_pool(
    cast, mailoutbox, django_capture_on_commit_callbacks, settings
) -> None:
    settings.TWINNING_POOL_THRESHOLD = 2
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Ann One", "Ben Two", "Cat Three", "Dan Four"):
            _registered(name, "Leeds")
    alerts = [m for m in mailoutbox if m.to == [cast.coordinator.email]]
    assert len(alerts) == 1
    assert Pool.objects.get().alerted_at is not None


def test_the_public_page_shows_counts_per_area_and_never_names(cast, client) -> None:
    for name in ("Ann One", "Ben Two", "Cat Three"):
        _registered(name, "Leeds", consent=name != "Cat Three")
    html = client.get("/start-a-group/").content.decode()
    assert "3 people near" in html and "Leeds" in html
    for secret in ("Ann One", "ann.one@example.org", "Cat Three"):
        assert secret not in html


def test_a_registration_can_be_withdrawn_and_erased_from_its_link(cast, client) -> None:
    registration = _registered("Ann One", "Leeds")
    assert client.get(f"/start-a-group/withdraw/{registration.token}/").status_code == 200
    assert Registration.objects.exists()
    response = client.post(f"/start-a-group/withdraw/{registration.token}/")
    assert "Your details are erased" in response.content.decode()
    assert not Registration.objects.exists()
    assert client.get(f"/start-a-group/confirm/{registration.token}/").status_code == 404


def test_unconfirmed_registrations_are_erased_after_30_days(cast) -> None:
    old = services.registration_create(
        values={"name": "Old", "email": "old@example.org", "place": _place("Leeds")}
    )
    Registration.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    kept = _registered("Ann One", "Leeds")
    Registration.objects.filter(pk=kept.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert services.registrations_expire() == 1
    assert list(Registration.objects.values_list("name", flat=True)) == ["Ann One"]


def test_a_coordinator_turns_a_pool_into_a_group_with_a_starter_checklist(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    for name in ("Ann One", "Ben Two", "Cat Three", "Dan Four"):
        _registered(name, "Sheffield")
    pool = Pool.objects.get()
    coordinator = client_for(cast.coordinator)
    page = coordinator.get(f"/start-a-group/pools/{pool.pk}/").content.decode()
    assert "ann.one@example.org" in page
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            f"/start-a-group/pools/{pool.pk}/start/",
            {"name": "Sheffield Palestine Twinning", "kind": "friendship_group"},
        )
    pool.refresh_from_db()
    group = pool.group
    assert response["Location"] == group.get_absolute_url()
    assert group.status == "approved"
    roles = dict(GroupInvitation.objects.filter(group=group).values_list("email", "role"))
    assert roles == {
        "ann.one@example.org": "organiser",
        "ben.two@example.org": "organiser",
        "cat.three@example.org": "member",
        "dan.four@example.org": "member",
    }
    assert len(mailoutbox) == 4
    assert StarterTask.objects.filter(group=group).count() == 6
    # a second click starts nothing more
    coordinator.post(f"/start-a-group/pools/{pool.pk}/start/", {"name": "Again", "kind": "other"})
    assert GroupInvitation.objects.filter(group=group).count() == 4
    assert not Pool.objects.exclude(pk=pool.pk).exists()


def test_the_organisers_tick_off_their_starter_checklist(cast) -> None:
    task = StarterTask.objects.get(group=cast.group_a, task="first_meeting")
    client_for(cast.organiser).post(
        f"/groups/{cast.group_a.slug}/checklist/{task.pk}/", {"done": "1"}
    )
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == cast.organiser
    page = client_for(cast.member).get(f"/groups/{cast.group_a.slug}/checklist/").content.decode()
    assert "Hold a first meeting" in page
    assert (
        client_for(cast.member)
        .post(f"/groups/{cast.group_a.slug}/checklist/{task.pk}/", {"done": "0"})
        .status_code
        == 403
    )


def test_every_new_group_gets_its_starter_checklist_however_it_is_added(cast) -> None:
    client_for(cast.stranger).post(
        "/groups/new/", {"name": "Hebden Bridge Friends of Nablus", "kind": "friendship_group"}
    )
    group = Group.objects.get(name="Hebden Bridge Friends of Nablus")
    assert sorted(group.starter_tasks.values_list("task", flat=True)) == sorted(
        StarterTask.Task.values
    )


def test_an_older_group_without_a_checklist_is_offered_one_not_told_it_has_none(cast) -> None:
    cast.group_a.starter_tasks.all().delete()  # a group made before checklists came
    organiser = client_for(cast.organiser)
    page = organiser.get("/groups/group-a/checklist/").content.decode()
    assert "This group has no starter checklist." not in page
    assert "Add the starter checklist" in page
    assert (
        "Add the starter checklist"
        not in client_for(cast.member).get("/groups/group-a/checklist/").content.decode()
    )
    response = organiser.post("/groups/group-a/checklist/start/", follow=True)
    assert "Hold a first meeting" in response.content.decode()
    assert cast.group_a.starter_tasks.count() == len(StarterTask.Task.values)
    arabic = organiser.get("/ar/groups/group-a/checklist/").content.decode()
    assert "Hold a first meeting" not in arabic


def test_a_form_without_a_place_is_shown_again_and_saves_nothing(cast, client) -> None:
    response = client.post("/start-a-group/", {"name": "Ann", "email": "not-an-email"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Say where you live" in html and "Enter a valid email address" in html
    assert not Registration.objects.exists()


def test_the_same_registration_sent_twice_is_kept_once(cast, client) -> None:
    leeds = _place("Leeds")
    for _ in range(2):
        client.post(
            "/start-a-group/",
            {"name": "Ann", "email": "ann@example.org", "place_q": "Leeds", "place_was": "",
             "place": str(leeds.pk), "language": "en"},
        )  # fmt: skip
    assert Registration.objects.count() == 1


def test_pooling_joins_the_nearest_centre_within_the_radius() -> None:
    # Leeds, Bradford (13 km), York (35 km) with a 15 km radius
    people = [(1, 53.7997, -1.5492), (2, 53.7960, -1.7594), (3, 53.9600, -1.0873)]
    assigned, started = pooling.assign(people, [], 15)
    assert assigned[1] == assigned[2] == -1
    assert assigned[3] == -3
    assert [key for key, _lat, _lon in started] == [-1, -3]
    # an existing pool in York takes a newcomer there
    assigned, started = pooling.assign([(4, 53.95, -1.08)], [(99, 53.96, -1.0873)], 15)
    assert assigned == {4: 99} and started == []


def test_the_daily_command_erases_stale_registrations_and_pools_the_rest(cast) -> None:
    import io

    from django.core.management import call_command

    stale = services.registration_create(
        values={"name": "Stale", "email": "stale@example.org", "place": _place("Leeds")}
    )
    Registration.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    fresh = services.registration_create(
        values={"name": "Fresh", "email": "fresh@example.org", "place": _place("York")}
    )
    Registration.objects.filter(pk=fresh.pk).update(confirmed_at=timezone.now())
    out = io.StringIO()
    call_command("tend_registrations", stdout=out)
    assert "Erased 1 unconfirmed registrations; placed 1 people in pools." in out.getvalue()
    fresh.refresh_from_db()
    assert fresh.pool is not None


def test_a_group_started_from_a_pool_invites_only_those_who_agreed(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    for name in ("Ann One", "Ben Two"):
        _registered(name, "Sheffield")
    _registered("Quiet Neighbour", "Sheffield", consent=False)
    pool = Pool.objects.get()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        group = services.pool_start_group(
            actor=cast.coordinator,
            pool=pool,
            name="Sheffield Twinning",
            kind="friendship_group",
            accept_url=lambda token: f"/invitations/{token}/",
        )
    invited = set(GroupInvitation.objects.filter(group=group).values_list("email", flat=True))
    assert invited == {"ann.one@example.org", "ben.two@example.org"}
    told = {m.to[0]: m for m in mailoutbox}
    quiet = told["quiet.neighbour@example.org"]
    assert "Sheffield Twinning" in quiet.body and group.get_absolute_url() in quiet.body
    assert "ann.one" not in quiet.body and "Ann One" not in quiet.body
    for email in invited:
        assert "quiet.neighbour" not in told[email].body


def test_a_pool_where_no_one_agreed_cannot_become_a_group(cast) -> None:
    from django.core.exceptions import ValidationError

    _registered("Quiet Neighbour", "Sheffield", consent=False)
    with pytest.raises(ValidationError, match="No one here agreed"):
        services.pool_start_group(
            actor=cast.coordinator,
            pool=Pool.objects.get(),
            name="Nobody's group",
            kind="other",
            accept_url=lambda token: token,
        )


def test_no_one_can_change_another_persons_answers_by_typing_their_address(cast) -> None:
    quiet = _registered("Quiet Neighbour", "Leeds", consent=False)
    changed = services.registration_create(
        values={
            "name": "Quiet Neighbour",
            "email": "quiet.neighbour@example.org",
            "place": _place("Leeds"),
            "may_introduce": True,
            "language": "en",
        }
    )
    assert changed.pk != quiet.pk
    quiet.refresh_from_db()
    assert not quiet.may_introduce  # the confirmed answer stands until the owner confirms
    services.registration_confirm(token=changed.token)
    assert list(Registration.objects.values_list("pk", flat=True)) == [changed.pk]


def test_withdrawing_after_a_group_started_takes_back_the_waiting_invitation(cast) -> None:
    for name in ("Ann One", "Ben Two"):
        _registered(name, "Sheffield")
    services.pool_start_group(
        actor=cast.coordinator,
        pool=Pool.objects.get(),
        name="Sheffield Twinning",
        kind="friendship_group",
        accept_url=lambda token: token,
    )
    ann = Registration.objects.get(email="ann.one@example.org")
    services.registration_withdraw(token=ann.token)
    assert not GroupInvitation.objects.filter(email="ann.one@example.org").exists()
    assert GroupInvitation.objects.filter(email="ben.two@example.org").exists()


def test_someone_who_joins_a_pool_later_is_introduced_too(
    cast, mailoutbox, django_capture_on_commit_callbacks, settings
) -> None:
    settings.TWINNING_POOL_THRESHOLD = 2
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Ann One", "Ben Two"):
            _registered(name, "Leeds")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _registered("Cat Three", "Leeds")
    to = {m.to[0]: m.body for m in mailoutbox if "Neighbours" in m.subject}
    assert "Ann One" in to["cat.three@example.org"] and "Ben Two" in to["cat.three@example.org"]
    assert "Cat Three" in to["ann.one@example.org"]
    assert sum(m.to == [cast.coordinator.email] for m in mailoutbox) == 0  # alerted once only


def test_one_person_near_a_place_is_not_counted_in_public(cast, client) -> None:
    _registered("Only One", "Truro")
    assert "Truro" not in client.get("/start-a-group/").content.decode()


def test_the_form_cannot_be_used_to_flood_an_address_with_mail(cast, client) -> None:
    leeds = _place("Leeds")
    statuses = [
        client.post(
            "/start-a-group/",
            {"name": f"Ann {n}", "email": "target@example.org", "place_q": "Leeds",
             "place_was": "", "place": str(leeds.pk), "language": "en"},
        ).status_code
        for n in range(5)
    ]  # fmt: skip
    assert statuses == [302, 302, 302, 429, 429]
    assert Registration.objects.count() == 3


def test_people_of_a_pool_that_became_a_group_are_erased_after_30_days(cast) -> None:
    for name in ("Ann One", "Ben Two"):
        _registered(name, "Sheffield")
    group = services.pool_start_group(
        actor=cast.coordinator,
        pool=Pool.objects.get(),
        name="Sheffield Twinning",
        kind="friendship_group",
        accept_url=lambda token: token,
    )
    assert services.registrations_expire() == 0
    type(group).objects.filter(pk=group.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert services.registrations_expire() == 2
    assert not Registration.objects.exists()


def test_the_grid_finds_the_same_pool_as_looking_at_every_centre() -> None:
    import random

    from twinning.places.geo import distance_km

    rng = random.Random(3)  # noqa: S311  (test data, not secrets)
    for _ in range(300):
        radius = rng.uniform(1, 40)
        centres = [(k, rng.uniform(49.9, 60.8), rng.uniform(-7.5, 1.7)) for k in range(30)]
        lat, lon = rng.uniform(49.9, 60.8), rng.uniform(-7.5, 1.7)
        assigned, _started = pooling.assign([(1, lat, lon)], centres, radius)
        near = [
            (distance_km(lat, lon, clat, clon), key)
            for key, clat, clon in centres
            if distance_km(lat, lon, clat, clon) <= radius
        ]
        expected = min(near)[1] if near else -1
        assert assigned[1] == expected
