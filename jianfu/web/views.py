from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from jianfu.org.access import scope_for
from jianfu.org.models import Role
from jianfu.web.capabilities import CAPABILITIES, capabilities_for


@login_required
def home(request):
    scope = scope_for(request.user)
    roles = list(CAPABILITIES) if scope.everything else sorted(scope.roles)
    assignments = request.user.role_assignments.select_related("unit", "school")
    return render(
        request,
        "web/home.html",
        {
            "assignments": assignments,
            "capabilities": capabilities_for(roles, request.user),
            "role_labels": [Role(r).label for r in roles],
        },
    )


def healthz(request):
    """Liveness for a load balancer; also the benchmark's trivial-view baseline."""
    return HttpResponse("ok", content_type="text/plain")
