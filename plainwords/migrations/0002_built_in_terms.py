"""The terms built into OurPlan: common jargon and acronyms from special educational needs work in
England, each with plainer words that a parent or a 12-year-old would understand.

The list lives here, not in app code, so that this migration always loads the same list. Later
changes to the built-in list belong in a new data migration.
"""

from django.db import migrations

SPEECH = ["speech and language therapy", "speech and language therapist"]
AUTISM = ["autism", "autistic"]
SENCO = ["the special needs teacher", "special educational needs coordinator"]
EHCP = ["education, health and care plan"]
LOOKED_AFTER = ["in care", "looked after by the council"]

# (word, plain alternatives, explanation)
BUILT_IN = [
    # Acronyms
    ("SALT", SPEECH, "SALT is short for speech and language therapy."),
    ("SaLT", SPEECH, "SaLT is short for speech and language therapy."),
    (
        "SLT",
        [*SPEECH, "the school's senior leaders"],
        "SLT can mean speech and language therapy, or a school's senior leadership team.",
    ),
    (
        "SLCN",
        ["speech, language and communication needs"],
        "SLCN is short for speech, language and communication needs.",
    ),
    ("ASD", AUTISM, "ASD is short for autism spectrum disorder. Many autistic people prefer ‘autism’ or ‘autistic’."),
    ("ASC", AUTISM, "ASC is short for autism spectrum condition."),
    (
        "ADHD",
        ["attention deficit hyperactivity disorder"],
        "ADHD is short for attention deficit hyperactivity disorder. Many people know it as ADHD: say it in full "
        "at least once.",
    ),
    (
        "PDA",
        ["a strong need to feel in control", "finds it very hard when asked to do things"],
        "PDA is short for pathological demand avoidance. Some people say ‘persistent drive for autonomy’.",
    ),
    (
        "SEMH",
        ["social, emotional and mental health", "feelings and wellbeing"],
        "SEMH is short for social, emotional and mental health.",
    ),
    ("SEN", ["special educational needs"], "SEN is short for special educational needs."),
    (
        "SEND",
        ["special educational needs and disabilities"],
        "SEND is short for special educational needs and disabilities.",
    ),
    ("SENCo", SENCO, "A SENCo is the teacher who leads on special educational needs at a school."),
    ("SENDCo", SENCO, "A SENDCo is the teacher who leads on special educational needs at a school."),
    ("EHCP", EHCP, "An EHCP is the legal plan for the help a child or young person must get."),
    ("EHC plan", EHCP, "An EHC plan is the legal plan for the help a child or young person must get."),
    (
        "EHCNA",
        ["assessment for an education, health and care plan"],
        "EHCNA is short for education, health and care needs assessment.",
    ),
    ("OT", ["occupational therapy", "occupational therapist"], "OT is short for occupational therapy."),
    ("EP", ["educational psychologist"], "An EP is an educational psychologist."),
    (
        "CAMHS",
        ["mental health service for children and young people"],
        "CAMHS is short for child and adolescent mental health services.",
    ),
    ("LA", ["the council", "the local authority"], "LA is short for local authority, which is the council."),
    ("TA", ["teaching assistant"], "TA is short for teaching assistant."),
    ("LSA", ["learning support assistant", "teaching assistant"], "LSA is short for learning support assistant."),
    (
        "ELSA",
        ["the adult at school who helps with feelings"],
        "ELSA is short for emotional literacy support assistant.",
    ),
    ("MLD", ["moderate learning difficulties"], "MLD is short for moderate learning difficulties."),
    ("SLD", ["severe learning difficulties"], "SLD is short for severe learning difficulties."),
    (
        "PMLD",
        ["profound and multiple learning difficulties"],
        "PMLD is short for profound and multiple learning difficulties.",
    ),
    (
        "SpLD",
        ["specific learning difficulty, such as dyslexia"],
        "SpLD is short for specific learning difficulty, such as dyslexia or dyspraxia.",
    ),
    ("VI", ["difficulty seeing", "sight loss"], "VI is short for visual impairment."),
    ("HI", ["difficulty hearing", "hearing loss"], "HI is short for hearing impairment."),
    (
        "MSI",
        ["difficulty seeing and hearing"],
        "MSI is short for multi-sensory impairment: difficulty with both seeing and hearing.",
    ),
    ("PfA", ["preparing for adult life"], "PfA is short for preparing for adulthood."),
    ("IEP", ["their plan at school", "individual education plan"], "IEP is short for individual education plan."),
    (
        "IBP",
        ["their behaviour support plan", "plan to help with behaviour"],
        "IBP is short for individual behaviour plan.",
    ),
    ("PEP", ["their school plan while in care"], "A PEP is a personal education plan, for a child in care."),
    ("LAC", LOOKED_AFTER, "LAC is short for looked-after child: a child in the care of the council."),
    ("CLA", LOOKED_AFTER, "CLA is short for child looked after: a child in the care of the council."),
    ("CIN", ["child in need"], "CIN is short for child in need."),
    ("CYP", ["child or young person", "children and young people"], "CYP is short for children and young people."),
    ("MDT", ["team of people who support them"], "MDT is short for multi-disciplinary team."),
    ("TAC", ["team around the child: everyone who supports them"], "TAC is short for team around the child."),
    ("EYFS", ["nursery and Reception"], "EYFS is short for early years foundation stage."),
    ("KS2", ["Years 3 to 6"], "KS2 is short for key stage 2: Years 3 to 6 at primary school."),
    ("KS3", ["Years 7 to 9"], "KS3 is short for key stage 3: Years 7 to 9 at secondary school."),
    ("KS4", ["Years 10 and 11"], "KS4 is short for key stage 4: Years 10 and 11, when most people take GCSEs."),
    (
        "SENDIASS",
        ["free advice for families about special needs"],
        "SENDIASS is short for special educational needs and disabilities information, advice and support service.",
    ),
    # Symbols
    ("1:1", ["one-to-one", "with an adult just for them"], "1:1 means one adult working with one child."),
    # Words and phrases
    ("dysregulated", ["very upset", "overwhelmed", "finding it hard to stay calm"], ""),
    ("dysregulation", ["getting very upset", "feeling overwhelmed"], ""),
    (
        "meltdown",
        ["very upset", "overwhelmed"],
        "Saying what happened, for example ‘very upset’ or ‘overwhelmed’, is clearer and kinder.",
    ),
    ("in the red zone", ["very upset", "very angry or frightened"], "Not everyone knows the colours of the zones."),
    (
        "co-regulate",
        ["help them calm down", "stay calm with them"],
        "To co-regulate is to help someone calm down by staying calm with them.",
    ),
    ("co-regulation", ["an adult helping them calm down"], ""),
    ("self-regulate", ["calm themselves down"], ""),
    ("escalate", ["get worse", "get more upset"], ""),
    ("de-escalate", ["help them calm down"], ""),
    (
        "non-compliant",
        ["did not want to do it", "said no"],
        "Saying what they did, and why it might have been, is clearer.",
    ),
    ("non-compliance", ["not wanting to do what was asked"], ""),
    (
        "challenging behaviour",
        ["what they do when they are struggling", "behaviour that shows they need help"],
        "Saying what they do, and what might help, is clearer and kinder.",
    ),
    ("school refusal", ["finding it very hard to go to school", "not able to go to school"], ""),
    ("refusal", ["saying no", "not wanting to"], ""),
    ("provision", ["help", "support"], "‘Provision’ means the help or support a child or young person gets."),
    ("intervention", ["extra help", "a support session"], ""),
    ("differentiation", ["changing the work so it suits them"], ""),
    ("differentiated", ["changed so it suits them", "made to suit them"], ""),
    ("access arrangements", ["extra help in exams, such as extra time"], ""),
    ("sensory diet", ["sensory activities through the day", "movement and sensory breaks"], ""),
    (
        "transition",
        ["change", "moving to a new school", "moving on to the next thing"],
        "‘Transition’ can mean a small change, such as the end of playtime, or a big one, such as moving school. Say which.",
    ),
    ("key worker", ["the main person who helps them", "their main contact"], ""),
    ("statutory", ["legal", "required by law"], ""),
]


def add_built_in_terms(apps, schema_editor):
    Term = apps.get_model("plainwords", "Term")
    existing = set(Term.objects.filter(organisation__isnull=True).values_list("word", flat=True))
    Term.objects.bulk_create(
        [
            Term(word=word, alternatives=list(alternatives), explanation=explanation)
            for word, alternatives, explanation in BUILT_IN
            if word not in existing
        ]
    )


def remove_built_in_terms(apps, schema_editor):
    Term = apps.get_model("plainwords", "Term")
    Term.objects.filter(organisation__isnull=True, word__in=[word for word, _a, _e in BUILT_IN]).delete()


class Migration(migrations.Migration):
    dependencies = [("plainwords", "0001_initial")]

    operations = [migrations.RunPython(add_built_in_terms, remove_built_in_terms)]
