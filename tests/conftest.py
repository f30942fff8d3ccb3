"""The test cast, used everywhere (STYLE.md).

- coordinator: network staff; sees and may change everything
- organiser: runs group A
- other_organiser: runs group B (a different tenant: group A's private pages are 404 to them)
- member: belongs to group A without running it
- partner_contact: speaks for partner P
- other_partner_contact: speaks for partner Q (partner P's private pages are 404 to them)
- advisor: an experienced member who answers questions
- stranger: signed in, belongs to nothing
- anonymous: a visitor who has not signed in (the plain `client`)
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.utils import translation

from tests.factories import (
    PASSWORD,
    GroupFactory,
    GroupRoleFactory,
    PartnerContactFactory,
    PartnerFactory,
    UserFactory,
)
from twinning.accounts.models import User
from twinning.directory.models import Group, GroupInvitation, GroupRole, Link, Partner
from twinning.places.models import Place

# What the place picker sends when the place is left as it is (Oxford, group A's place).
KEEP_PLACE = {"place_q": "Oxford", "place_was": "Oxford"}

ROLES = (
    "anonymous",
    "member",
    "organiser",
    "other_organiser",
    "partner_contact",
    "other_partner_contact",
    "advisor",
    "coordinator",
)


def pytest_collection_modifyitems(items) -> None:
    """Browser tests, and tests marked `flushes_database`, last: they empty the database
    after each test, and the gazetteer loaded by the migrations must stay for the others."""
    items.sort(
        key=lambda item: (
            "/e2e/" in str(item.fspath) or item.get_closest_marker("flushes_database") is not None
        )
    )


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # In-process tests share one process, so each process's own cache stands in for the shared
    # one (which would need the database even in tests that have none); the shared cache
    # itself is tested across real processes in tests/test_production_server.py.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    cache.clear()
    caches["local"].clear()
    # a request to an Arabic page leaves Arabic active in this thread: start each test in English
    translation.activate("en")


@dataclass
class Cast:
    coordinator: User
    organiser: User
    other_organiser: User
    member: User
    partner_contact: User
    other_partner_contact: User
    advisor: User
    stranger: User
    group_a: Group
    group_b: Group
    partner: Partner
    member_role: GroupRole
    invitation: GroupInvitation
    place: Place
    link: Link

    def person(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def cast(db) -> Cast:
    group_a = GroupFactory(
        name="Oxford Friends of Beit Ummar",
        slug="group-a",
        place=Place.objects.filter(country="GB", name="Oxford").first(),
    )
    group_b = GroupFactory(name="Leeds Jenin Link", slug="group-b")
    partner = PartnerFactory(
        name="Beit Ummar council",
        name_ar="مجلس بيت أمر",
        slug="partner-p",
        place=Place.objects.filter(country="PS", name="Bayt Ummar").first(),
    )
    organiser = UserFactory(email="organiser@example.org", display_name="Olivia Organiser")
    other_organiser = UserFactory(email="other.organiser@example.org", display_name="Owen Other")
    member = UserFactory(email="member@example.org", display_name="Maya Member")
    GroupRoleFactory(group=group_a, user=organiser, role=GroupRole.Role.ORGANISER)
    GroupRoleFactory(group=group_b, user=other_organiser, role=GroupRole.Role.ORGANISER)
    member_role = GroupRoleFactory(group=group_a, user=member, role=GroupRole.Role.MEMBER)
    partner_contact = UserFactory(email="partner@example.org", display_name="ليلى")
    PartnerContactFactory(partner=partner, user=partner_contact)
    other_partner_contact = UserFactory(email="other.partner@example.org", display_name="سامي")
    PartnerContactFactory(
        partner=PartnerFactory(name="Jenin camp centre", slug="partner-q"),
        user=other_partner_contact,
    )
    return Cast(
        coordinator=UserFactory(
            email="coordinator@example.org", display_name="Sara Coordinator", is_coordinator=True
        ),
        organiser=organiser,
        other_organiser=other_organiser,
        member=member,
        partner_contact=partner_contact,
        other_partner_contact=other_partner_contact,
        advisor=UserFactory(
            email="advisor@example.org", display_name="Tom Advisor", is_advisor=True
        ),
        stranger=UserFactory(email="stranger@example.org", display_name="Sam Stranger"),
        group_a=group_a,
        group_b=group_b,
        partner=partner,
        member_role=member_role,
        place=Place.objects.offered().filter(country="PS").order_by("pk").first(),
        link=Link.objects.create(
            group=group_a, partner=partner, kind="friendship", status="active", story="Since 2005."
        ),
        invitation=GroupInvitation.objects.create(
            group=group_a, email="invited@example.org", invited_by=organiser
        ),
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(cast: Cast) -> Client:
    return client_for(cast.coordinator)


@pytest.fixture
def organiser_client(cast: Cast) -> Client:
    return client_for(cast.organiser)


@pytest.fixture
def member_client(cast: Cast) -> Client:
    return client_for(cast.member)


@pytest.fixture
def stranger_client(cast: Cast) -> Client:
    return client_for(cast.stranger)


__all__ = ["KEEP_PLACE", "PASSWORD", "ROLES", "Cast", "client_for"]


class _Inbox:
    """Collects what a real local SMTP server receives. Set `refusal` to an SMTP reply (it
    may name the `{address}`) and the server refuses every recipient with it."""

    def __init__(self) -> None:
        self.messages: list = []
        self.refusal = ""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # noqa: N802
        if self.refusal:
            return self.refusal.format(address=address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on loopback; Django sends to it over SMTP."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()
