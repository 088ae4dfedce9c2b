from django import template

from profiles import symbols

register = template.Library()


@register.filter
def symbol_url(code):
    """The address of an OpenMoji symbol's picture: ``{{ item.symbol|symbol_url }}``."""
    return symbols.url_of(code)


@register.filter
def symbol_name(code):
    """The plain name of a symbol, for alt text and reading aloud: ``{{ item.symbol|symbol_name }}``."""
    return symbols.name_of(code)
