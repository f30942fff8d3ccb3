import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load the demo network (safe to run again: nothing is duplicated) "
        "and print one sign-in per role."
    )

    def handle(self, *args, **options) -> None:
        # Each app may have a `demo` module whose `load(stdout)` returns
        # {"sign_ins": [(role, email), …], "password": …}. They run in
        # INSTALLED_APPS order, so people exist before the groups they run.
        modules = []
        for config in apps.get_app_configs():
            try:
                modules.append(importlib.import_module(f"{config.name}.demo"))
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
        sign_ins: list[tuple[str, str]] = []
        password = ""
        with transaction.atomic():
            for number, module in enumerate(modules, start=1):
                self.stdout.write(f"[{number}/{len(modules)}] {module.__name__}")
                result = module.load(self.stdout)
                sign_ins += result.get("sign_ins", [])
                password = result.get("password", password)
        self.stdout.write(
            self.style.SUCCESS(f"\nDemo sign-ins (the password for each is {password}):")
        )
        width = max((len(role) for role, _email in sign_ins), default=0)
        for role, email in sign_ins:
            self.stdout.write(f"  {role.ljust(width)}  {email}")
