"""Background jobs that mention a person, found for erasure and for legal holds.

Jobs are not linked to a person: a ``send_email`` job keeps the whole email it sends (address,
subject and body) in its arguments, before it runs and for 30 days after. So a job is about a
person when its text names them: their preferred or full name as a whole word in any case, or the
email address of their own account.

django-tasks-db keeps arguments as JSON. SQLite stores that JSON as written, with every non-ASCII
character escaped ("Zo\\u00eb"); PostgreSQL stores it decoded. So the database is asked for a wide
first cut (each word as written, in its usual cases, and escaped), then every string inside each
candidate is decoded and checked with a ``Redactor`` that matches whole words in any case.
"""

import json

from django.contrib.auth import get_user_model
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from privacy import anonymise

# What a waiting job's arguments become when it is already running and cannot be stopped.
NO_ARGUMENTS = {"args": [], "kwargs": {}}


def words_about(people):
    """The names and own-account email addresses that show a job is about one of ``people``."""
    from people.models import CircleMember

    people = list(people)
    if not people:
        return []
    words = [name for person in people for name in (person.preferred_name, person.full_name)]
    own = get_user_model().objects.filter(
        circles__person__in=people, circles__relationship=CircleMember.Relationship.SELF
    )
    for name, email in own.values_list("name", "email"):
        words += [name, email]
    return words


def mentioning(jobs, words):
    """The ids of ``jobs`` (a ``DBTaskResult`` queryset, which may be locked) whose arguments or
    result contain any of ``words`` as a whole word, in any case."""
    words = {w.strip() for w in words if w and w.strip()}
    if not words:
        return []
    finds = anonymise.Redactor(words, parts=False)
    first_cut = Q()
    for word in words:
        for form in _stored_forms(word):
            first_cut |= Q(arguments__icontains=form) | Q(result__icontains=form)
    candidates = (
        jobs.annotate(arguments=Cast("args_kwargs", TextField()), result=Cast("return_value", TextField()))
        .filter(first_cut)
        .only("pk", "args_kwargs", "return_value")
    )
    return [
        job.pk
        for job in candidates
        # String by string: in the JSON text a name starting a line follows "\n" and is no whole word.
        if any(finds.finds_something_in(text) for text in strings_in([job.args_kwargs, job.return_value]))
    ]


def _stored_forms(word):
    """``word`` as it may be stored: as written, lower case, upper case and capitalised, each
    also with non-ASCII characters escaped as SQLite's JSON keeps them. SQLite's LIKE ignores case
    only for A to Z, so the usual cases of "Zoë" are each looked for."""
    forms = set()
    for variant in {word, word.lower(), word.upper(), word.title()}:
        forms.add(variant)
        forms.add(json.dumps(variant)[1:-1])
    return forms


def strings_in(value):
    """Every string inside ``value`` (decoded JSON: strings, lists and dicts)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


def forget(words):
    """Inside the erasure's transaction: jobs that mention any of ``words`` lose what they hold.

    - Finished jobs (kept 30 days, with the emails they sent) are deleted.
    - Jobs waiting to run are deleted, so an email about the person is never sent after their
      records are erased. Each is locked first and one a worker is claiming at that moment is
      skipped (``skip_locked``): that worker is already sending it. On SQLite the erasure's
      transaction holds the write lock, so no worker can claim a job until it ends.
    - Jobs running now cannot be stopped (the email is being sent); their arguments are emptied,
      so the finished job keeps no copy. The worker saves only the job's status and result.

    Returns how many waiting jobs were deleted."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    finished = DBTaskResult.objects.filter(status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED])
    DBTaskResult.objects.filter(pk__in=mentioning(finished, words)).delete()

    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY).select_for_update(skip_locked=True)
    cancelled = DBTaskResult.objects.filter(pk__in=mentioning(waiting, words), status=TaskResultStatus.READY)
    count = cancelled.delete()[0]

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    DBTaskResult.objects.filter(pk__in=mentioning(running, words), status=TaskResultStatus.RUNNING).update(
        args_kwargs=NO_ARGUMENTS
    )
    return count


def waiting_about(person):
    """How many jobs waiting to run mention ``person`` (emails not yet sent), for the check page."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    return len(mentioning(waiting, words_about([person])))
