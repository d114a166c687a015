"""The gate's public doors, placed on other apps' pages: `{% public_entry %}` on the login page,
`{% principal_box %}` on a principal's home page."""

from django import template
from django.utils import timezone

from jianfu.org.access import scope_for
from jianfu.org.models import Division, DivisionKind, Role

register = template.Library()


@register.inclusion_tag("gate/_public_entry.html")
def public_entry():
    """The verification box and this year's lists: the city lists linked directly, the rest via the index."""
    cities = Division.objects.filter(kind=DivisionKind.PREFECTURE).order_by("path")[:3]
    return {"year": timezone.localdate().year, "cities": cities}


@register.inclusion_tag("gate/_principal_box.html", takes_context=True)
def principal_box(context):
    user = context["request"].user
    return {"show": Role.PRINCIPAL in scope_for(user).roles}
