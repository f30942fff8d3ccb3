"""A group's logo and working languages, as its organisers set them and the public sees them."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conftest import client_for
from tests.factories import GroupFactory
from twinning.directory.logos import prepare_logo
from twinning.directory.models import GroupLogo
from twinning.directory.services import group_set_logo

pytestmark = pytest.mark.django_db


def _jpeg_with_location(size=(1200, 800)) -> bytes:
    image = Image.new("RGB", size, (20, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (31.0, 42.0, 0.0)}  # GPS: where the photo was taken
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _edit_data(group, **extra) -> dict:
    return {
        "name": group.name,
        "kind": group.kind,
        "place": group.place_id or "",
        "description": "",
        "website": "",
        "public_email": "",
        **extra,
    }


def test_an_organiser_uploads_a_logo_and_the_public_gets_it_without_camera_data(cast) -> None:
    group = cast.group_a
    upload = SimpleUploadedFile("photo.jpg", _jpeg_with_location(), content_type="image/jpeg")
    response = client_for(cast.organiser).post(
        f"/groups/{group.slug}/edit/", _edit_data(group, logo=upload)
    )
    assert response.status_code == 302
    group.refresh_from_db()
    page = client_for(None).get(group.get_absolute_url()).content.decode()
    assert f'src="{group.logo_url}"' in page
    assert "Logo of Oxford Friends of Beit Ummar" in page
    logo = client_for(None).get(group.logo_url)
    assert logo["Content-Type"] == "image/png"
    assert "public" in logo["Cache-Control"]
    image = Image.open(io.BytesIO(logo.content))
    assert max(image.size) == 400
    assert not image.getexif()
    assert b"PhoneMaker" not in logo.content


def test_a_file_that_is_not_a_picture_is_refused_and_the_other_changes_are_kept(cast) -> None:
    group = cast.group_a
    upload = SimpleUploadedFile("logo.png", b"%PDF-1.4 not a picture", content_type="image/png")
    response = client_for(cast.organiser).post(
        f"/groups/{group.slug}/edit/", _edit_data(group, name="Renamed friends", logo=upload)
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "This file is not a picture we can read" in html
    assert 'value="Renamed friends"' in html
    assert not GroupLogo.objects.exists()


def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded() -> None:
    buffer = io.BytesIO()
    Image.new("1", (6000, 6000)).save(buffer, format="PNG")  # tiny file, 36 million pixels
    with pytest.raises(Exception, match="too many pixels"):
        prepare_logo(buffer.getvalue())


def test_an_organiser_removes_the_logo(cast) -> None:
    group = cast.group_a
    group_set_logo(actor=cast.organiser, group=group, logo=prepare_logo(_jpeg_with_location()))
    client_for(cast.organiser).post(
        f"/groups/{group.slug}/edit/", _edit_data(group, remove_logo="on")
    )
    group.refresh_from_db()
    assert group.logo_url == ""
    assert client_for(None).get(f"/groups/{group.slug}/logo.png").status_code == 404


def test_the_logo_of_a_group_waiting_for_review_is_not_public(cast) -> None:
    pending = GroupFactory(status="pending")
    group_set_logo(actor=None, group=pending, logo=prepare_logo(_jpeg_with_location((50, 50))))
    assert client_for(None).get(f"/groups/{pending.slug}/logo.png").status_code == 404
    coordinator = client_for(cast.coordinator).get(f"/groups/{pending.slug}/logo.png")
    assert coordinator.status_code == 200
    assert coordinator["Cache-Control"].startswith("private")


def test_a_groups_working_languages_are_saved_and_shown_in_the_page_language(cast) -> None:
    group = cast.group_a
    client_for(cast.organiser).post(
        f"/groups/{group.slug}/edit/", _edit_data(group, languages=["en", "cy"])
    )
    group.refresh_from_db()
    assert group.languages == ["en", "cy"]
    english = client_for(None).get(group.get_absolute_url()).content.decode()
    assert "Languages: English, Welsh" in re.sub(r"<[^>]+>", "", english)
    arabic = client_for(None).get(f"/ar{group.get_absolute_url()}").content.decode()
    assert "الإنجليزية، الويلزية" in re.sub(r"<[^>]+>", "", arabic)  # the Arabic comma


def test_an_unknown_language_is_refused_with_a_message(cast) -> None:
    group = cast.group_a
    response = client_for(cast.organiser).post(
        f"/groups/{group.slug}/edit/", _edit_data(group, languages=["klingon"])
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()


def test_only_the_current_logos_versioned_address_is_cached_for_long(cast) -> None:
    group = cast.group_a
    group_set_logo(actor=None, group=group, logo=prepare_logo(_jpeg_with_location((60, 60))))
    group.refresh_from_db()
    assert "immutable" in client_for(None).get(group.logo_url)["Cache-Control"]
    for stale in (f"/groups/{group.slug}/logo.png", f"/groups/{group.slug}/logo.png?v=1"):
        assert client_for(None).get(stale)["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # a PNG signature and nothing sensible after it
        b"GIF89a" + b"\xff" * 20,
        b"\xff\xd8\xff\xe0" + b"\x00" * 30,  # a JPEG start, then nothing
    ],
)
def test_a_broken_picture_is_refused_with_a_reason(data) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        prepare_logo(data)


def test_two_people_saving_the_same_group_the_second_is_told_and_loses_nothing(cast) -> None:
    import re

    group = cast.group_a
    organiser, coordinator = client_for(cast.organiser), client_for(cast.coordinator)

    def version(client) -> str:
        html = client.get(f"/groups/{group.slug}/edit/").content.decode()
        return re.search(r'name="version" value="([^"]+)"', html).group(1)

    seen_by_organiser, seen_by_coordinator = version(organiser), version(coordinator)
    first = organiser.post(
        f"/groups/{group.slug}/edit/",
        _edit_data(group, description="We meet on Tuesdays.", version=seen_by_organiser),
    )
    assert first.status_code == 302
    second = coordinator.post(
        f"/groups/{group.slug}/edit/",
        _edit_data(group, description="Meetings are on Thursdays.", version=seen_by_coordinator),
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert "Someone else saved this group" in html
    assert "Meetings are on Thursdays." in html  # their own text is kept in the form
    group.refresh_from_db()
    assert group.description == "We meet on Tuesdays."
    # saving again, knowingly, keeps theirs
    newer = re.search(r'name="version" value="([^"]+)"', html).group(1)
    third = coordinator.post(
        f"/groups/{group.slug}/edit/",
        _edit_data(group, description="Meetings are on Thursdays.", version=newer),
    )
    assert third.status_code == 302
    group.refresh_from_db()
    assert group.description == "Meetings are on Thursdays."
