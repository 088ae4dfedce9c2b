"""A planning lead's own words of the toolkit for their area: the five steps, each step's sheet
(questions for Day 1; things to think about, ideas to try and examples for Day 2) and the groups of
people. The area gets its own copy of the built-in words the first time (``content.content_for``);
changes here are the area's alone, and reviews already run keep what was written in them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from audit.access import planning_lead_area, record, toolkit_words_for
from audit.models import AuditEvent
from toolkit import content as toolkit_content
from toolkit.forms_content import ChangePeopleGroupForm, PeopleGroupForm, PromptForm, StepForm
from toolkit.models import PeopleGroup, Prompt, Step

ADD_LABELS = {
    Prompt.Kind.QUESTION: gettext_lazy("Add a question"),
    Prompt.Kind.THINK_ABOUT: gettext_lazy("Add a thing to think about"),
    Prompt.Kind.IDEA: gettext_lazy("Add an idea to try"),
    Prompt.Kind.EXAMPLE: gettext_lazy("Add an example"),
}


def _record(request, what):
    record(request, None, AuditEvent.Action.CHANGED, what, role="planning lead")


def _step_for(request, pk, what):
    return toolkit_words_for(request, Step, pk, what)


def _prompt_for(request, pk, what):
    return toolkit_words_for(request, Prompt, pk, what, area_path="step__area")


def _people_group_for(request, pk, what):
    return toolkit_words_for(request, PeopleGroup, pk, what)


def _content_url(anchor):
    return reverse("toolkit:content") + f"#{anchor}"


# Changes to the area's words -------------------------------------------------------------------


def _next_position(queryset):
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def update_step(step, *, name, about):
    changed = [field for field, value in (("name", name), ("about", about)) if getattr(step, field) != value]
    step.name, step.about = name, about
    if changed:
        step.save(update_fields=changed)
    return changed


@transaction.atomic
def create_prompt(step, *, kind, title, text):
    position = _next_position(Prompt.objects.filter(step=step, kind=kind))
    return Prompt.objects.create(step=step, kind=kind, title=title, text=text, position=position)


@transaction.atomic
def update_prompt(prompt, *, kind, title, text):
    changed = [f for f, value in (("kind", kind), ("title", title), ("text", text)) if getattr(prompt, f) != value]
    if "kind" in changed:  # moved to another list: it goes at the end of it
        prompt.position = _next_position(Prompt.objects.filter(step=prompt.step, kind=kind))
        changed.append("position")
    prompt.kind, prompt.title, prompt.text = kind, title, text
    if changed:
        prompt.save(update_fields=changed)
    return changed


@transaction.atomic
def create_people_group(area, *, name, detail):
    position = _next_position(PeopleGroup.objects.filter(area=area))
    return PeopleGroup.objects.create(area=area, name=name, detail=detail, position=position)


@transaction.atomic
def update_people_group(group, *, name, detail, retired):
    fields = (("name", name), ("detail", detail), ("retired", retired))
    changed = [field for field, value in fields if getattr(group, field) != value]
    group.name, group.detail, group.retired = name, detail, retired
    if changed:
        group.save(update_fields=changed)
    return changed


# Pages ------------------------------------------------------------------------------------------


@login_required
def content(request):
    area = planning_lead_area(request, "the toolkit's words for the area")
    steps, _groups = toolkit_content.content_for(area)
    people_groups = toolkit_content.people_groups_of(area, include_retired=True)
    for step in steps:
        step.prompt_lists = [
            (kind.value, kind.label, ADD_LABELS[kind], step.prompts_by_kind[kind])
            for _key, kind in toolkit_content.PROMPT_LISTS
        ]
    return render(request, "toolkit/content/index.html", {"area": area, "steps": steps, "people_groups": people_groups})


@require_http_methods(["GET", "POST"])
@login_required
def change_step(request, pk):
    step = _step_for(request, pk, "changing a step of the area's toolkit")
    form = StepForm(request.POST or None, initial={"name": step.name, "about": step.about})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if update_step(step, **form.cleaned_data):
                _record(request, "changed a step of the area's toolkit")
        messages.success(request, _("Saved the step."))
        return redirect(_content_url(f"step-{step.pk}"))
    return render(
        request, "toolkit/content/step.html", {"form": form, "step": step}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@login_required
def add_prompt(request, pk):
    step = _step_for(request, pk, "adding to a step of the area's toolkit")
    kind = request.GET.get("kind")
    form = PromptForm(request.POST or None, initial={"kind": kind if kind in Prompt.Kind.values else None})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            prompt = create_prompt(step, **form.cleaned_data)
            _record(request, "added to a step of the area's toolkit")
        messages.success(request, _("Added to %(step)s.") % {"step": step.name})
        return redirect(_content_url(f"prompt-{prompt.pk}"))
    return render(
        request, "toolkit/content/prompt.html", {"form": form, "step": step}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@login_required
def change_prompt(request, pk):
    prompt = _prompt_for(request, pk, "changing a line of the area's toolkit")
    initial = {"kind": prompt.kind, "title": prompt.title, "text": prompt.text}
    form = PromptForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if update_prompt(prompt, **form.cleaned_data):
                _record(request, "changed a line of the area's toolkit")
        messages.success(request, _("Saved."))
        return redirect(_content_url(f"prompt-{prompt.pk}"))
    return render(
        request,
        "toolkit/content/prompt.html",
        {"form": form, "step": prompt.step, "prompt": prompt},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def remove_prompt(request, pk):
    prompt = _prompt_for(request, pk, "taking a line out of the area's toolkit")
    if request.method == "POST":
        step = prompt.step
        with transaction.atomic():
            prompt.delete()
            _record(request, "took a line out of the area's toolkit")
        messages.success(request, _("Taken out of %(step)s.") % {"step": step.name})
        return redirect(_content_url(f"step-{step.pk}"))
    return render(request, "toolkit/content/remove_prompt.html", {"prompt": prompt, "step": prompt.step})


@require_http_methods(["GET", "POST"])
@login_required
def add_people_group(request):
    area = planning_lead_area(request, "adding a group of people to the area's toolkit")
    toolkit_content.content_for(area)  # the built-in groups first, so the new one goes after them
    form = PeopleGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            group = create_people_group(area, **form.cleaned_data)
            _record(request, "added a group of people to the area's toolkit")
        messages.success(request, _("Added %(name)s.") % {"name": group.name})
        return redirect(_content_url("people-groups"))
    return render(request, "toolkit/content/people_group.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def change_people_group(request, pk):
    group = _people_group_for(request, pk, "changing a group of people in the area's toolkit")
    initial = {"name": group.name, "detail": group.detail, "retired": group.retired}
    form = ChangePeopleGroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if update_people_group(group, **form.cleaned_data):
                _record(request, "changed a group of people in the area's toolkit")
        messages.success(request, _("Saved %(name)s.") % {"name": group.name})
        return redirect(_content_url("people-groups"))
    return render(
        request,
        "toolkit/content/people_group.html",
        {"form": form, "group": group},
        status=400 if form.errors else 200,
    )
