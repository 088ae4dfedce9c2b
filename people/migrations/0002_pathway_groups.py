"""The seed toolkit's "customer pathway" groups (domain.md), in plain words."""

from django.db import migrations

GROUPS = [
    ("new-to-area", "New to the area or to services"),
    ("older-carers", "Lives with older carers"),
    ("year-9-onwards", "Young person from Year 9 onwards"),
    ("in-house-services", "Uses the council's own services (day services, supported living, care, short breaks)"),
    (
        "external-providers",
        "Uses independent or external providers (day services, supported living, care, short breaks)",
    ),
    ("coming-home", "Lives out of the area and is coming home"),
    ("complex-needs", "Has complex needs"),
    ("offended", "Has offended (in custody or in the community)"),
    ("black-minority-ethnic", "From a black or minority ethnic group"),
    ("autism", "Is autistic"),
]


def add_groups(apps, schema_editor):
    PathwayGroup = apps.get_model("people", "PathwayGroup")
    for position, (code, name) in enumerate(GROUPS):
        PathwayGroup.objects.update_or_create(code=code, defaults={"name": name, "position": position})


def remove_groups(apps, schema_editor):
    apps.get_model("people", "PathwayGroup").objects.filter(code__in=[code for code, _ in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(add_groups, remove_groups)]
