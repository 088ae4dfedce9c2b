"""Changes to an organisation's own list of words to flag."""

from django.db import transaction

from plainwords.models import Term


def add_term(organisation, *, word, alternatives, explanation="", by):
    """Add ``word`` to ``organisation``'s list, so it is flagged for the people its coordinators look after."""
    with transaction.atomic():
        return Term.objects.create(
            organisation=organisation,
            word=word,
            alternatives=list(alternatives),
            explanation=explanation,
            added_by=by,
        )


def remove_term(term):
    """Take one of an organisation's own terms off its list. Built-in terms stay."""
    if term.is_built_in:
        raise ValueError("Built-in terms cannot be removed.")
    with transaction.atomic():
        term.delete()
