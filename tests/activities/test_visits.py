"""Visits both ways: organisers plan them along a link, with days, people and a report;
a Palestinian visitor gets an invitation letter for the visa, and their passport details are
seen by the group's organisers alone and erased on schedule."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format
from PIL import Image
from pypdf import PdfReader

from tests.conftest import client_for
from tests.factories import GroupRoleFactory, UserFactory
from twinning.accounts.services import user_erase, user_export_data
from twinning.activities import services
from twinning.activities.models import Participant, Visit
from twinning.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSPORT = "P7781234"


def _visit(cast, *, days_ahead: int = 60, length: int = 10, **values) -> Visit:
    first = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return services.visit_create(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "link": cast.link,
            "direction": "to_britain",
            "title": "Beit Ummar teachers in Oxford",
            "purpose": "Three teachers visit Oxford schools to share their work.",
            "starts_on": first,
            "ends_on": first + datetime.timedelta(days=length - 1),
            "hosts": "Families of the Oxford group",
            "who_pays": "Oxford Friends of Beit Ummar pays travel, lodging and food.",
            **values,
        },
    )


def _visitor(cast, visit: Visit, **values) -> Participant:
    return services.participant_add(
        actor=cast.organiser,
        visit=visit,
        values={
            "name": "Mahmoud Abu Ayyash",
            "name_ar": "محمود أبو عياش",
            "role": "Head teacher",
            "date_of_birth": datetime.date(1975, 4, 2),
            "nationality": "Palestinian",
            "passport_number": PASSPORT,
            "passport_expires_on": datetime.date(2031, 1, 1),
            **values,
        },
    )


def _form(cast, **overrides) -> dict:
    data = {
        "title": "Oxford delegation to Beit Ummar",
        "direction": "to_palestine",
        "link": str(cast.link.pk),
        "starts_on": "2027-04-10",
        "ends_on": "2027-04-18",
        "purpose": "Meet the council and the schools; pick olives.",
        "hosts": "Beit Ummar council",
        "who_pays": "Each visitor pays their own way.",
        "budget": "2400.50",
        "budget_notes": "",
        "nonce": "b" * 32,
    }
    data.update(overrides)
    return data


def test_an_organiser_plans_a_visit_that_members_and_the_partner_s_contacts_follow(cast) -> None:
    organiser = client_for(cast.organiser)
    response = organiser.post(f"/groups/{cast.group_a.slug}/visits/new/", _form(cast))
    visit = Visit.objects.get()
    assert response["Location"] == visit.get_absolute_url()
    assert str(visit.budget) == "2400.50" and visit.status == "idea"
    again = organiser.post(f"/groups/{cast.group_a.slug}/visits/new/", _form(cast))
    assert again["Location"] == response["Location"] and Visit.objects.count() == 1

    for person in (cast.member, cast.partner_contact):
        listing = client_for(person).get(f"/groups/{cast.group_a.slug}/visits/").content.decode()
        assert "Oxford delegation to Beit Ummar" in listing
        assert client_for(person).get(visit.get_absolute_url()).status_code == 200
    assert client_for(cast.other_partner_contact).get(visit.get_absolute_url()).status_code == 404
    assert client_for(cast.member).get(f"{visit.get_absolute_url()}edit/").status_code == 403
    assert AuditEntry.objects.filter(action="visit.added").count() == 1


def test_a_visit_whose_last_day_comes_first_is_refused_with_its_text_kept(cast) -> None:
    response = client_for(cast.organiser).post(
        f"/groups/{cast.group_a.slug}/visits/new/",
        _form(cast, ends_on="2027-04-01", budget="-5"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "The last day cannot come before the first." in page
    assert "Meet the council and the schools" in page
    assert not Visit.objects.exists()


def test_a_visit_moves_along_its_statuses_and_not_by_leaps(cast) -> None:
    visit = _visit(cast, days_ahead=-2)
    organiser = client_for(cast.organiser)
    assert (
        organiser.post(f"{visit.get_absolute_url()}status/", {"status": "planning"}).status_code
        == 302
    )
    leap = organiser.post(f"{visit.get_absolute_url()}status/", {"status": "completed"})
    assert leap.status_code == 422
    visit.refresh_from_db()
    assert visit.status == "planning"
    for status in ("confirmed", "under_way", "completed"):
        services.visit_set_status(actor=cast.organiser, visit=visit, status=status)
    page = organiser.get(visit.get_absolute_url()).content.decode()
    assert "completed" in page
    assert f'action="{visit.get_absolute_url()}status/"' not in page  # nowhere left to go


def test_a_visit_cannot_be_under_way_before_its_first_day(cast) -> None:
    visit = _visit(cast, days_ahead=30)
    for status in ("planning", "confirmed"):
        services.visit_set_status(actor=cast.organiser, visit=visit, status=status)
    early = client_for(cast.organiser).post(
        f"{visit.get_absolute_url()}status/", {"status": "under_way"}
    )
    assert early.status_code == 422 and "has not started yet" in early.content.decode()


def test_the_itinerary_keeps_within_the_visit_s_dates(cast) -> None:
    visit = _visit(cast, length=3)
    organiser = client_for(cast.organiser)
    outside = organiser.post(
        f"{visit.get_absolute_url()}days/",
        {"day": str(visit.ends_on + datetime.timedelta(days=1)), "place": "London"},
    )
    assert outside.status_code == 422
    assert "between the visit" in outside.content.decode()
    inside = organiser.post(
        f"{visit.get_absolute_url()}days/",
        {"day": str(visit.ends_on), "place": "Cheney School", "programme": "Lessons together"},
    )
    assert inside.status_code == 302
    page = client_for(cast.member).get(visit.get_absolute_url()).content.decode()
    assert "Cheney School" in page and "Lessons together" in page
    shorter = services.visit_update
    with pytest.raises(Exception, match="outside these dates"):
        shorter(actor=cast.organiser, visit=visit, values={"ends_on": visit.starts_on})


def test_passport_details_reach_the_group_s_organisers_and_no_one_else(cast, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    visit = _visit(cast)
    organiser = client_for(cast.organiser)
    response = organiser.post(
        f"{visit.get_absolute_url()}people/",
        {
            "name": "Mahmoud Abu Ayyash",
            "name_ar": "محمود أبو عياش",
            "role": "Head teacher",
            "date_of_birth": "1975-04-02",
            "nationality": "Palestinian",
            "passport_number": PASSPORT,
            "passport_expires_on": "2031-01-01",
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.passport_number == PASSPORT
    assert PASSPORT in organiser.get(f"{visit.get_absolute_url()}people/").content.decode()

    # the people list is the organisers'; a member sees how many go, not who
    member = client_for(cast.member)
    assert member.get(f"{visit.get_absolute_url()}people/").status_code == 403
    member_page = member.get(visit.get_absolute_url()).content.decode()
    assert "1 person" in member_page and "Mahmoud" not in member_page
    # coordinators help run the visit, without the passport details
    coordinator = client_for(cast.coordinator)
    their_list = coordinator.get(f"{visit.get_absolute_url()}people/").content.decode()
    assert "Mahmoud Abu Ayyash" in their_list and PASSPORT not in their_list
    their_form = coordinator.get(f"{visit.get_absolute_url()}people/{participant.pk}/")
    assert PASSPORT not in their_form.content.decode()
    assert (
        coordinator.get(
            f"{visit.get_absolute_url()}people/{participant.pk}/invitation-letter.pdf"
        ).status_code
        == 302
    )

    # the venue's list and the history carry names at most
    csv = organiser.get(f"{visit.get_absolute_url()}people.csv").content.decode()
    assert "Mahmoud Abu Ayyash" in csv and "محمود أبو عياش" in csv and PASSPORT not in csv
    assert "1975" not in csv
    history = " ".join(str(entry.data) + entry.object_repr for entry in AuditEntry.objects.all())
    assert PASSPORT not in history
    assert PASSPORT not in coordinator.get("/history/").content.decode()
    # the API and the exports
    for url in ("/api/v1/groups", "/api/v1/links", f"/api/v1/links/{cast.link.pk}", "/links.csv"):
        answer = coordinator.get(url)
        body = b"".join(answer.streaming_content) if answer.streaming else answer.content
        assert PASSPORT not in body.decode()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert PASSPORT not in logged


def test_the_invitation_letter_is_a_pdf_in_the_group_s_name_with_the_visitor_s_names(cast) -> None:
    visit = _visit(cast)
    participant = _visitor(cast, visit)
    services.visit_set_day(
        actor=cast.organiser,
        visit=visit,
        values={"day": visit.starts_on, "place": "Oxford", "host": "Cheney School"},
    )
    response = client_for(cast.organiser).get(
        f"{visit.get_absolute_url()}people/{participant.pk}/invitation-letter.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Mahmoud Abu Ayyash" in text
    assert "محمود أبو عياش" in text  # shaped Arabic, read back in logical order
    assert PASSPORT in text and cast.group_a.name in text and "Cheney School" in text
    assert "Entry Clearance Officer" in text
    entry = AuditEntry.objects.get(action="visit.letter_made")
    assert entry.data == {"participant": participant.pk}


def test_no_letter_without_passport_details_or_for_a_visit_to_palestine(cast) -> None:
    organiser = client_for(cast.organiser)
    visit = _visit(cast)
    bare = _visitor(cast, visit, passport_number="", date_of_birth=None)
    response = organiser.get(f"{visit.get_absolute_url()}people/{bare.pk}/invitation-letter.pdf")
    assert response.status_code == 302
    page = organiser.get(response["Location"]).content.decode()
    assert "passport number and date of birth first" in page
    outward = _visit(cast, direction="to_palestine", title="To Beit Ummar")
    traveller = _visitor(cast, outward, name="Olivia Organiser")
    response = organiser.get(
        f"{outward.get_absolute_url()}people/{traveller.pk}/invitation-letter.pdf"
    )
    assert response.status_code == 302
    assert (
        client_for(cast.member)
        .get(f"{visit.get_absolute_url()}people/{bare.pk}/invitation-letter.pdf")
        .status_code
        == 403
    )


def test_passport_details_are_erased_on_schedule_by_the_daily_command(cast, settings) -> None:
    settings.TWINNING_PASSPORT_RETENTION_DAYS = 30
    visit = _visit(cast, days_ahead=-40, length=5)  # ended 36 days ago
    recent = _visit(cast, days_ahead=-10, length=5, title="Recent")  # ended 6 days ago
    old_one = _visitor(cast, visit)
    recent_one = _visitor(cast, recent)
    out = io.StringIO()
    call_command("tend_activities", stdout=out)
    assert "passport details erased: 1 people" in out.getvalue()
    old_one.refresh_from_db()
    recent_one.refresh_from_db()
    assert old_one.passport_number == "" and old_one.date_of_birth is None
    assert old_one.nationality == "" and old_one.passport_expires_on is None
    assert old_one.passport_erased_at is not None and old_one.name == "Mahmoud Abu Ayyash"
    assert recent_one.passport_number == PASSPORT
    assert AuditEntry.objects.filter(action="visit.passports_erased").count() == 1
    page = client_for(cast.organiser).get(f"{visit.get_absolute_url()}people/").content.decode()
    assert "erased" in page and PASSPORT not in page
    call_command("tend_activities", stdout=io.StringIO())  # again: nothing more to do
    assert AuditEntry.objects.filter(action="visit.passports_erased").count() == 1


def test_a_cancelled_visit_s_passport_details_go_too(cast, settings) -> None:
    settings.TWINNING_PASSPORT_RETENTION_DAYS = 0
    visit = _visit(cast)
    _visitor(cast, visit)
    services.visit_set_status(actor=cast.organiser, visit=visit, status="cancelled")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert services.passports_erase_due(today=tomorrow) == 1


def _jpeg_with_location() -> bytes:
    image = Image.new("RGB", (3000, 2000), "olive")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 35.0, 0.0)}  # GPS
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_a_report_with_photos_goes_public_without_names_locations_or_dates(cast, client) -> None:
    visit = _visit(cast, days_ahead=-20, length=5)
    _visitor(cast, visit)
    organiser = client_for(cast.organiser)
    form = organiser.get(f"{visit.get_absolute_url()}report/").context["form"]
    assert form.fields["public"].disabled  # not offered before the visit is completed
    early = organiser.post(
        f"{visit.get_absolute_url()}report/", {"report": "We met.", "public": "on"}
    )
    assert early.status_code == 302
    visit.refresh_from_db()
    assert visit.report == "We met." and not visit.report_public
    for status in ("planning", "confirmed", "under_way", "completed"):
        services.visit_set_status(actor=cast.organiser, visit=visit, status=status)
    upload = io.BytesIO(_jpeg_with_location())
    upload.name = "olives.jpg"
    added = organiser.post(
        f"{visit.get_absolute_url()}report/photos/",
        {"photo": upload, "caption": "Picking olives at the school"},
    )
    assert added.status_code == 302
    saved = organiser.post(
        f"{visit.get_absolute_url()}report/",
        {"report": "## Ten days\nThe teachers taught in **three** schools.", "public": "on"},
    )
    assert saved.status_code == 302

    group_page = client.get(cast.group_a.get_absolute_url()).content.decode()
    assert "From our visits" in group_page
    story = client.get(f"{visit.get_absolute_url()}story/")
    assert story.status_code == 200
    text = story.content.decode()
    assert "<strong>three</strong>" in text and "Picking olives at the school" in text
    assert "Mahmoud" not in text
    assert date_format(visit.starts_on, "DATE_FORMAT") not in text  # the month, not the day
    assert date_format(visit.starts_on, "F Y") in text
    photo_url = f"{visit.get_absolute_url()}photos/{visit.photos.get().pk}.jpg"
    photo = client.get(photo_url)
    assert photo.status_code == 200
    with Image.open(io.BytesIO(photo.content)) as shown:
        assert max(shown.size) == 1600
        assert not shown.getexif()

    services.visit_write_report(actor=cast.organiser, visit=visit, report="Private", public=False)
    assert client.get(f"{visit.get_absolute_url()}story/").status_code == 404
    assert client.get(photo_url).status_code == 404
    assert client_for(cast.member).get(photo_url).status_code == 200


def test_a_broken_photo_is_refused_with_a_message(cast) -> None:
    visit = _visit(cast)
    upload = io.BytesIO(b"not a picture at all")
    upload.name = "olives.jpg"
    response = client_for(cast.organiser).post(
        f"{visit.get_absolute_url()}report/photos/", {"photo": upload, "caption": "Olives"}
    )
    assert response.status_code == 422
    assert "not a photo we can read" in response.content.decode()


def test_only_the_group_s_and_the_partner_s_people_can_be_chosen_as_participants(cast) -> None:
    visit = _visit(cast)
    with pytest.raises(Exception, match="Only the group"):
        services.participant_add(actor=cast.organiser, visit=visit, values={"user": cast.stranger})
    services.participant_add(actor=cast.organiser, visit=visit, values={"user": cast.member})
    assert visit.participants.get().name == "Maya Member"


def test_a_visitor_s_own_details_are_in_their_data_download_and_go_with_them(cast) -> None:
    visit = _visit(cast)
    participant = _visitor(cast, visit, user=cast.partner_contact)
    data = user_export_data(user=cast.partner_contact)["activities"]["visits"]
    assert data[0]["passport_number"] == PASSPORT
    user_erase(user=cast.partner_contact)
    assert not Participant.objects.filter(pk=participant.pk).exists()


def test_visit_pages_cost_the_same_queries_however_many_visits_days_and_people(
    cast, django_assert_max_num_queries
) -> None:
    organiser = client_for(cast.organiser)
    visit = _visit(cast)
    list_url = f"/groups/{cast.group_a.slug}/visits/"
    people_url = f"{visit.get_absolute_url()}people/"
    for url in (list_url, visit.get_absolute_url(), people_url):
        organiser.get(url)
    budgets = {}
    for url in (list_url, visit.get_absolute_url(), people_url):
        with django_assert_max_num_queries(14) as captured:
            organiser.get(url)
        budgets[url] = len(captured)
    for index in range(12):
        more = _visit(cast, days_ahead=index * 20, title=f"Visit {index}")
        _visitor(cast, more)
        services.visit_set_day(actor=cast.organiser, visit=visit, values={"day": visit.starts_on})
        GroupRoleFactory(group=cast.group_a, user=UserFactory())
        _visitor(cast, visit, name=f"Guest {index}")
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            organiser.get(url)


def test_a_photo_keeps_no_comment_or_text_that_could_say_where_it_was_taken() -> None:
    from twinning.activities.photos import prepare_photo

    secret = b"GPS 31.58N 35.09E at the home of Mahmoud"
    jpeg = io.BytesIO()
    Image.new("RGB", (60, 40)).save(jpeg, format="JPEG", comment=secret)
    png = io.BytesIO()
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("comment", secret.decode())
    Image.new("RGB", (60, 40)).save(png, format="PNG", pnginfo=text)
    for upload in (jpeg.getvalue(), png.getvalue()):
        data, _width, _height = prepare_photo(upload)
        assert b"31.58N" not in data


def test_the_same_person_day_or_photo_sent_twice_is_kept_once(cast) -> None:
    visit = _visit(cast)
    organiser = client_for(cast.organiser)
    person = {"name": "A Guest", "nonce": "g" * 32}
    organiser.post(f"{visit.get_absolute_url()}people/", person)
    organiser.post(f"{visit.get_absolute_url()}people/", person)
    assert visit.participants.count() == 1
    day = {"day": str(visit.starts_on), "place": "Oxford", "nonce": "h" * 32}
    organiser.post(f"{visit.get_absolute_url()}days/", day)
    organiser.post(f"{visit.get_absolute_url()}days/", day)
    assert visit.itinerary.count() == 1
    for _ in range(2):
        upload = io.BytesIO(_jpeg_with_location())
        upload.name = "olives.jpg"
        organiser.post(
            f"{visit.get_absolute_url()}report/photos/",
            {"photo": upload, "caption": "Olives", "nonce": "i" * 32},
        )
    assert visit.photos.count() == 1


def test_a_visit_edited_over_someone_else_s_change_saves_on_the_second_try(cast) -> None:
    visit = _visit(cast)
    organiser = client_for(cast.organiser)
    form = organiser.get(f"{visit.get_absolute_url()}edit/").context["form"]
    stale = {n: "" if form[n].value() is None else form[n].value() for n in form.fields}
    services.visit_update(actor=cast.coordinator, visit=visit, values={"hosts": "The council"})
    refused = organiser.post(f"{visit.get_absolute_url()}edit/", {**stale, "title": "Mine"})
    assert refused.status_code == 422
    again = refused.context["form"]
    data = {n: "" if again[n].value() is None else again[n].value() for n in again.fields}
    assert organiser.post(f"{visit.get_absolute_url()}edit/", data).status_code == 302


def test_a_cancelled_visit_s_passports_go_when_announced_however_it_is_tidied(
    cast, settings
) -> None:
    settings.TWINNING_PASSPORT_RETENTION_DAYS = 30
    visit = _visit(cast, days_ahead=90)
    _visitor(cast, visit)
    services.visit_set_status(actor=cast.organiser, visit=visit, status="cancelled")
    visit.refresh_from_db()
    erase_on = visit.passports_erased_on()
    assert erase_on == timezone.localdate() + datetime.timedelta(days=31)
    services.visit_write_report(
        actor=cast.organiser, visit=visit, report="Called off", public=False
    )
    assert services.passports_erase_due(today=erase_on - datetime.timedelta(days=1)) == 0
    assert services.passports_erase_due(today=erase_on) == 1


def test_a_report_goes_public_only_once_the_visit_is_completed(cast) -> None:
    visit = _visit(cast, days_ahead=-3)
    for status in ("planning", "confirmed", "under_way"):
        services.visit_set_status(actor=cast.organiser, visit=visit, status=status)
    with pytest.raises(Exception, match="completed"):
        services.visit_write_report(actor=cast.organiser, visit=visit, report="Here", public=True)


def test_pages_with_passport_details_are_kept_by_no_cache(cast) -> None:
    visit = _visit(cast)
    participant = _visitor(cast, visit)
    organiser = client_for(cast.organiser)
    for url in (
        f"{visit.get_absolute_url()}people/",
        f"{visit.get_absolute_url()}people/{participant.pk}/",
    ):
        assert organiser.get(url)["Cache-Control"] == "private, no-store"


def test_an_impossible_birth_date_and_direction_tricks_in_a_name_are_refused_or_removed(
    cast,
) -> None:
    visit = _visit(cast)
    organiser = client_for(cast.organiser)
    future = organiser.post(
        f"{visit.get_absolute_url()}people/", {"name": "Baby", "date_of_birth": "2099-01-01"}
    )
    assert future.status_code == 422 and "Check the date of birth" in future.content.decode()
    organiser.post(f"{visit.get_absolute_url()}people/", {"name": "Ali \u202eevil\u202c Khan"})
    assert visit.participants.get().name == "Ali evil Khan"


def test_a_photo_of_a_visit_that_does_not_exist_is_simply_not_found(cast, client) -> None:
    url = f"/groups/{cast.group_a.slug}/visits/99999999999999999999999/photos/1.jpg"
    assert client.get(url).status_code == 404


def test_no_letter_for_a_passport_that_runs_out_before_the_visit_ends(cast) -> None:
    visit = _visit(cast)
    visitor = _visitor(cast, visit, passport_expires_on=visit.starts_on)
    organiser = client_for(cast.organiser)
    response = organiser.get(
        f"{visit.get_absolute_url()}people/{visitor.pk}/invitation-letter.pdf", follow=True
    )
    assert "runs out before the visit ends" in response.content.decode()


def test_a_photo_taken_with_the_phone_on_its_side_is_shown_upright() -> None:
    from twinning.activities.photos import prepare_photo

    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: show it turned back
    jpeg = io.BytesIO()
    Image.new("RGB", (400, 200), "olive").save(jpeg, format="JPEG", exif=exif)
    _data, width, height = prepare_photo(jpeg.getvalue())
    assert (width, height) == (200, 400)


# A picture, and the memory decoding it took before (issue 14): Pillow's RGBA at full size,
# then a copy for each step.
HEAVY_PICTURES = {
    "a 6320 × 6320 RGBA PNG": ("PNG", (6320, 6320), "RGBA"),  # 500 MB: now refused unread
    "a 3460 × 3460 RGBA PNG": ("PNG", (3460, 3460), "RGBA"),  # just under the PNG limit
    "a 7700 × 5100 JPEG": ("JPEG", (7700, 5100), "RGB"),  # 39 MP: decoded at a quarter
}


@pytest.mark.parametrize("name", HEAVY_PICTURES)
def test_preparing_a_large_photo_stays_within_bounded_memory(tmp_path, name: str) -> None:
    """Peak memory of the whole process (Python included), measured in a new one."""
    import subprocess
    import sys

    kind, size, mode = HEAVY_PICTURES[name]
    path = tmp_path / f"picture.{kind.lower()}"
    # noise would make the file too big to upload: a plain picture with a little detail
    picture = Image.new(mode, size, "olive")
    picture.paste("white", (0, 0, size[0] // 3, size[1] // 3))
    picture.save(path, format=kind, **({"quality": 60} if kind == "JPEG" else {}))
    assert path.stat().st_size < 8 * 1024 * 1024
    code = f"""
from django.conf import settings
settings.configure(USE_I18N=False)  # only what the photo needs: no apps, no database
from django.core.exceptions import ValidationError
from twinning.activities.photos import prepare_photo
data = open({str(path)!r}, "rb").read()
try:
    _out, width, height = prepare_photo(data)
    answer = f"{{width}}x{{height}}"
except ValidationError as error:
    answer = "refused: " + " ".join(error.messages)
# the high-water mark of this process's memory (ru_maxrss would count the forking parent's)
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(answer, int(peak.split()[1]) // 1024)
"""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer, peak_mb = done.stdout.strip().rsplit(" ", 1)
    print(f"{name}: {answer}, peak {peak_mb} MB")
    assert int(peak_mb) < 200, (answer, peak_mb)
    if size[0] * size[1] > 12_000_000 and kind == "PNG":
        assert answer == "refused: The photo has too many pixels: make it smaller."
    else:
        assert answer in ("1600x1600", "1600x1060"), answer
