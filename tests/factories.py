"""Factories for the test cast and for tests that need more data."""

import factory
from allauth.account.models import EmailAddress

from twinning.accounts.models import User
from twinning.directory.models import Group, GroupRole, Partner, PartnerContact

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted, **kwargs) -> None:
        """Every factory person has a verified primary address, as after sign-up."""
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Twinning group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    description = "We are friends of a Palestinian village."


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Village council {n}")
    name_ar = factory.Sequence(lambda n: f"مجلس قروي {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")


class GroupRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupRole

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    role = GroupRole.Role.MEMBER


class PartnerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerFactory)
    user = factory.SubFactory(UserFactory)
