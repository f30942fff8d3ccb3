from django.apps import AppConfig


class TwinningConfig(AppConfig):
    """The project itself: loads the one permissions module once every app is ready."""

    name = "twinning"
    verbose_name = "Twinning"

    def ready(self) -> None:
        from twinning import permissions  # noqa: F401  (registers the rules)
