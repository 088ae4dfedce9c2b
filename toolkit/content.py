"""The toolkit's words as an area's own data: copied once from the built-in content, then the
area's planning lead adapts them (``views_content``)."""

from django.db import transaction

from toolkit.models import PeopleGroup, Prompt, Step

PROMPT_LISTS = (
    ("questions", Prompt.Kind.QUESTION),
    ("think_about", Prompt.Kind.THINK_ABOUT),
    ("ideas", Prompt.Kind.IDEA),
    ("examples", Prompt.Kind.EXAMPLE),
)


def content_for(area):
    """The area's steps (with their prompts) and groups of people, copying the built-in content the
    first time. Safe to call at once from two requests: the copy happens under the area's row lock.
    Only the first call writes (on SQLite a write transaction would queue every screen's refresh)."""
    steps = steps_of(area)
    if not steps:
        _copy_default_content(area)
        steps = steps_of(area)
    return steps, people_groups_of(area)


@transaction.atomic
def _copy_default_content(area):
    type(area).objects.select_for_update().filter(pk=area.pk).first()
    if not Step.objects.filter(area=area).exists():
        load_default_content(area)


def load_default_content(area):
    from toolkit import content_default

    PeopleGroup.objects.bulk_create(
        PeopleGroup(area=area, name=group["name"], detail=group.get("detail", ""), position=position)
        for position, group in enumerate(content_default.PEOPLE_GROUPS, start=1)
    )
    prompts = []
    for position, data in enumerate(content_default.STEPS, start=1):
        step = Step.objects.create(
            area=area, code=data["code"], name=data["name"], about=data.get("about", ""), position=position
        )
        for key, kind in PROMPT_LISTS:
            for number, item in enumerate(data.get(key, []), start=1):
                title, text = (item["place"], item["text"]) if isinstance(item, dict) else ("", item)
                prompts.append(Prompt(step=step, kind=kind, title=title, text=text, position=number))
    Prompt.objects.bulk_create(prompts)


def steps_of(area):
    """The area's five steps in order, each with ``prompts_by_kind`` (two queries)."""
    steps = list(Step.objects.filter(area=area).prefetch_related("prompts"))
    for step in steps:
        step.prompts_by_kind = {kind: [] for kind in Prompt.Kind.values}
        for prompt in step.prompts.all():
            step.prompts_by_kind[prompt.kind].append(prompt)
    return steps


def people_groups_of(area, include_retired=False):
    groups = PeopleGroup.objects.filter(area=area)
    return list(groups if include_retired else groups.filter(retired=False))
