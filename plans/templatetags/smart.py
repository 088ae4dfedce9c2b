"""``{{ outcome|smart_flags }}``: the prompts of ``plans.smart`` for an outcome or action, to show
with ``{% include "plans/_smart_flags.html" with flags=outcome|smart_flags %}``."""

from django import template

from plans.smart import flags_for

register = template.Library()


@register.filter
def smart_flags(item):
    """What could be clearer about an ``Outcome`` or ``Action`` (a list of ``plans.smart.Flag``)."""
    return flags_for(item)
