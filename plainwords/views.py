import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from audit.access import Can, organisations_coordinated_by, person_for, record, term_for
from audit.models import AuditEvent
from plainwords import operations
from plainwords.checker import flags_to_show
from plainwords.forms import TermForm
from plainwords.models import Term

# The id of the box being checked. It is sent back only in data- attributes, and only if it looks like an id.
FIELD_ID = re.compile(r"[A-Za-z][\w.:-]{0,99}")


@sensitive_post_parameters("text")  # what someone is writing never goes into an error report
@require_POST
@login_required
def check(request, pk):
    """Suggestions for what is being written about a person, as it is typed (an htmx fragment).
    It flags and never blocks: the answer is always 200, and empty when there is nothing to say."""
    person = person_for(request, pk, Can.VIEW, "a plain words check", shows_data=False)
    field = request.POST.get("field", "")
    found = flags_to_show(person, request.POST.get("text", ""))
    return render(
        request,
        "plainwords/_flags.html",
        {"flags": found, "field_id": field if FIELD_ID.fullmatch(field) else ""},
    )


@login_required
def terms(request):
    organisations = organisations_coordinated_by(request)
    own = Term.objects.filter(organisation__in=organisations).select_related("organisation", "added_by")
    return render(
        request,
        "plainwords/terms.html",
        {
            "lists": [(o, [t for t in own if t.organisation_id == o.pk]) for o in organisations],
            "built_in": sorted(Term.objects.built_in(), key=lambda t: t.word.casefold()),
        },
    )


@login_required
def add_term(request):
    organisations = organisations_coordinated_by(request)
    form = TermForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation, word = form.chosen_organisation, form.cleaned_data["word"]
        try:
            with transaction.atomic():  # the change and its audit record stand or fall together
                operations.add_term(
                    organisation,
                    word=word,
                    alternatives=form.cleaned_data["alternatives"],
                    explanation=form.cleaned_data["explanation"],
                    by=request.user,
                )
                what = _("added ‘%(word)s’ to %(organisation)s's plain words list")
                record(request, None, AuditEvent.Action.CHANGED, what % {"word": word, "organisation": organisation})
        except IntegrityError:  # someone else added the same word a moment ago
            form.add_error(
                "word",
                _("‘%(word)s’ is already on the list. Remove it first if you want to change it") % {"word": word},
            )
        else:
            messages.success(
                request,
                _("‘%(word)s’ added. OurPlan will suggest plainer words when someone writes it.") % {"word": word},
            )
            return redirect("plainwords:terms")
    return render(request, "plainwords/add_term.html", {"form": form})


@login_required
def remove_term(request, pk):
    term = term_for(request, pk)
    if request.method == "POST":
        with transaction.atomic():
            operations.remove_term(term)
            what = _("removed ‘%(word)s’ from %(organisation)s's plain words list")
            record(
                request, None, AuditEvent.Action.CHANGED, what % {"word": term.word, "organisation": term.organisation}
            )
        messages.success(request, _("‘%(word)s’ removed from the list.") % {"word": term.word})
        return redirect("plainwords:terms")
    return render(request, "plainwords/remove_term.html", {"term": term})
