"""The themes the network's links work on, in both languages."""

from django.db import migrations

INTERESTS = [
    ("education", "Education", "التعليم"),
    ("health", "Health", "الصحة"),
    ("youth", "Youth", "الشباب"),
    ("women", "Women", "المرأة"),
    ("children", "Children", "الأطفال"),
    ("farming", "Farming", "الزراعة"),
    ("water", "Water", "المياه"),
    ("environment", "Environment", "البيئة"),
    ("culture", "Culture and arts", "الثقافة والفنون"),
    ("music", "Music", "الموسيقى"),
    ("sport", "Sport", "الرياضة"),
    ("faith", "Faith", "الدين"),
    ("trade-unions", "Trade unions", "النقابات العمالية"),
    ("human-rights", "Human rights", "حقوق الإنسان"),
    ("disability", "Disability", "الإعاقة"),
    ("heritage", "Heritage and tourism", "التراث والسياحة"),
]


def seed(apps, schema_editor) -> None:
    Interest = apps.get_model("directory", "Interest")
    for slug, name, name_ar in INTERESTS:
        Interest.objects.update_or_create(slug=slug, defaults={"name": name, "name_ar": name_ar})


def unseed(apps, schema_editor) -> None:
    apps.get_model("directory", "Interest").objects.filter(
        slug__in=[slug for slug, _n, _a in INTERESTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_interests")]

    operations = [migrations.RunPython(seed, unseed)]
