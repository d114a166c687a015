"""`{% complaints_nav_link %}`: the officials' way to the complaint cases, in the site's navigation."""

from django import template

from jianfu.org.access import scope_for
from jianfu.org.models import Role

register = template.Library()

# Those who investigate, review or oversee complaints: the bureaus and the inspectors (督导/纪检).
OFFICIAL_ROLES = frozenset({Role.EDUCATION_BUREAU, Role.INSPECTOR})


def sees_complaint_cases(user) -> bool:
    scope = scope_for(user)
    return scope.everything or bool(scope.roles & OFFICIAL_ROLES)


@register.inclusion_tag("complaints/case_nav_link.html", takes_context=True)
def complaints_nav_link(context):
    request = context.get("request")
    return {"show": request is not None and sees_complaint_cases(request.user)}
