"""Small template helpers, loaded as builtins for every template."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key`: Django templates cannot index a dict by a variable."""
    return mapping.get(key, "") if mapping else ""
