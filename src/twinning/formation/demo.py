"""Demo data for starting a group: a few neighbours near Sheffield and two near Bristol.
Safe to load again: nothing is duplicated."""

from twinning.formation import services
from twinning.formation.models import Registration
from twinning.places.models import Place

PEOPLE = [
    ("Sheffield", "Alex Example (demo)", True, ["time", "organising"]),
    ("Sheffield", "Sam Sample (demo)", True, ["fundraising"]),
    ("Sheffield", "Jo Placeholder (demo)", False, ["arabic", "teaching"]),
    ("Bristol", "Rowan Fictional (demo)", True, ["publicity"]),
    ("Bristol", "Nadia Testwood (demo)", True, ["visits"]),
]


def load(stdout) -> dict:
    made = 0
    for town, name, consent, gives in PEOPLE:
        email = name.split(" (")[0].lower().replace(" ", ".") + "@demo.twinning.test"
        if Registration.objects.filter(email=email).exists():
            continue
        place = Place.objects.filter(country="GB", name=town).order_by("-population").first()
        if place is None:
            continue
        registration = services.registration_create(
            values={
                "name": name,
                "email": email,
                "place": place,
                "may_introduce": consent,
                "gives": gives,
                "language": "en",
            }
        )
        services.registration_confirm(token=registration.token)
        made += 1
    stdout.write(f"  formation: {Registration.objects.count()} people ({made} new) in pools")
    return {}
