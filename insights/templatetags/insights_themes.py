from django import template

from audit.access import may_tag

register = template.Library()


@register.simple_tag
def may_tag_themes(user, person):
    """For the review page's link to its themes page: ``{% may_tag_themes request.user person as x %}``."""
    return may_tag(user, person)
