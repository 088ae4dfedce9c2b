"""Plain words in templates, for pages that show saved text.

    {% load plain_words %}
    {% plain_words_flags person statement.text as flags %}
    {% include "plainwords/_saved_flags.html" with flags=flags action_url=change_url %}

or both at once: ``{% plain_words_suggestions person statement.text change_url %}``.
"""

from django import template

from plainwords.checker import flags_to_show

register = template.Library()


@register.simple_tag
def plain_words_flags(person, text):
    """The flags for ``text`` about ``person``, each word as written once. The terms are loaded
    once per person object, so a page can ask for every statement without more queries."""
    return flags_to_show(person, text)


@register.inclusion_tag("plainwords/_saved_flags.html", takes_context=True)
def plain_words_suggestions(context, person, text, action_url):
    """Suggestions with "Change it to …" buttons that post to ``action_url`` (see _saved_flags.html)."""
    return {
        "flags": plain_words_flags(person, text),
        "action_url": action_url,
        "csrf_token": context.get("csrf_token"),
    }
