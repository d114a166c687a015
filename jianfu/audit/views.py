from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from jianfu.audit.models import AuditEvent
from jianfu.audit.verify import audit_verify
from jianfu.org.access import scope_for
from jianfu.org.models import Role

AUDIT_READERS = {Role.EDUCATION_BUREAU, Role.INSPECTOR}


@login_required
def verify_page(request):
    scope = scope_for(request.user)
    if not (scope.everything or scope.roles & AUDIT_READERS):
        raise PermissionDenied(_("只有教育行政部门和督导人员可以查看审计日志"))
    # Events are not yet scoped by division, so a person sees only the verdict and their own events.
    recent = AuditEvent.objects.filter(actor=request.user).order_by("-seq")[:20]
    return render(request, "audit/verify.html", {"verdict": audit_verify(), "recent": recent})
