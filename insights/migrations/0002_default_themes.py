"""Every local authority starts with the ten themes of issue 7 (later ones get them from
``insights.themes.ensure_default_themes`` when they are added). The list is frozen here as it was
when this migration was written; an area that already has themes keeps its own."""

from django.db import migrations

DEFAULT_THEMES = [
    (
        "Transport",
        "Getting to and from school, college, work and activities: taxis, buses, travel training.",
        "transport\n"
        "taxi\n"
        "bus\n"
        "buses\n"
        "coach\n"
        "train\n"
        "travel\n"
        "travelling\n"
        "travel training\n"
        "escort\n"
        "journey\n"
        "lift\n"
        "driver\n"
        "minibus\n"
        "bus pass\n"
        "get to school\n"
        "pick up\n"
        "drop off",
    ),
    (
        "Therapy",
        "Speech and language, occupational therapy, physiotherapy and other therapies.",
        "therapy\n"
        "therapist\n"
        "speech and language\n"
        "salt\n"
        "occupational therapy\n"
        "physio\n"
        "physiotherapy\n"
        "sensory diet\n"
        "counselling\n"
        "play therapy\n"
        "camhs\n"
        "appointment",
    ),
    (
        "Friendships and community",
        "Friends, clubs, activities and being part of the local community.",
        "friend\n"
        "friendship\n"
        "club\n"
        "lonely\n"
        "bullied\n"
        "bullying\n"
        "social\n"
        "youth club\n"
        "community\n"
        "after school club\n"
        "party\n"
        "play with\n"
        "scouts\n"
        "swim\n"
        "swimming\n"
        "leisure centre\n"
        "team",
    ),
    (
        "Housing",
        "Where the person lives now and in the future: home, adaptations, supported living.",
        "housing\n"
        "house\n"
        "home adaptation\n"
        "flat\n"
        "move house\n"
        "supported living\n"
        "bedroom\n"
        "tenancy\n"
        "accommodation\n"
        "landlord\n"
        "live on my own",
    ),
    (
        "Employment",
        "Work, work experience, apprenticeships, supported internships and volunteering.",
        "job\n"
        "work\n"
        "work experience\n"
        "employment\n"
        "apprenticeship\n"
        "supported internship\n"
        "volunteer\n"
        "volunteering\n"
        "career\n"
        "earn money\n"
        "employer\n"
        "paid work",
    ),
    (
        "Health",
        "Physical and mental health, medication, sleep, eating, and health appointments.",
        "health\n"
        "doctor\n"
        "gp\n"
        "hospital\n"
        "medication\n"
        "medicine\n"
        "sleep\n"
        "eating\n"
        "diet\n"
        "anxiety\n"
        "anxious\n"
        "mental health\n"
        "seizure\n"
        "epilepsy\n"
        "asthma\n"
        "nurse\n"
        "weight\n"
        "pain\n"
        "dentist",
    ),
    (
        "Communication",
        "Being understood and understanding others: speech, signing, pictures and devices.",
        "communication\n"
        "communicate\n"
        "signing\n"
        "makaton\n"
        "bsl\n"
        "pecs\n"
        "visual timetable\n"
        "symbol\n"
        "talking\n"
        "talk\n"
        "understood\n"
        "explain\n"
        "words\n"
        "aac\n"
        "communication aid",
    ),
    (
        "Family support",
        "Help for parents, carers, brothers and sisters: short breaks, respite, advice.",
        "family\n"
        "parent\n"
        "parents\n"
        "carer\n"
        "mum\n"
        "dad\n"
        "sibling\n"
        "brother\n"
        "sister\n"
        "short break\n"
        "respite\n"
        "family support\n"
        "parenting\n"
        "at home\n"
        "break for",
    ),
    (
        "School environment",
        "The classroom and school day: noise, support in class, lunchtimes, exams.",
        "school\n"
        "classroom\n"
        "class\n"
        "teacher\n"
        "teaching assistant\n"
        "lesson\n"
        "playtime\n"
        "lunchtime\n"
        "noise\n"
        "noisy\n"
        "quiet space\n"
        "exams\n"
        "homework\n"
        "college\n"
        "excluded\n"
        "exclusion\n"
        "uniform",
    ),
    (
        "Independence",
        "Doing things for themselves: self-care, money, cooking, travelling alone, decisions.",
        "independence\n"
        "independent\n"
        "on my own\n"
        "by myself\n"
        "cook\n"
        "cooking\n"
        "money\n"
        "shopping\n"
        "dressing\n"
        "self care\n"
        "make decisions\n"
        "travel independently\n"
        "life skills\n"
        "choose",
    ),
]


def add_default_themes(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Theme = apps.get_model("insights", "Theme")
    for local_authority in Organisation.objects.filter(kind="local_authority"):
        if Theme.objects.filter(local_authority=local_authority).exists():
            continue
        Theme.objects.bulk_create(
            Theme(local_authority=local_authority, name=name, description=description, keywords=keywords, position=i)
            for i, (name, description, keywords) in enumerate(DEFAULT_THEMES)
        )


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(add_default_themes, migrations.RunPython.noop)]
