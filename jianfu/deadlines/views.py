"""The inbox (/inbox/), an obligation's page, the refusal letter a requester was sent, and the overdue
page of a bureau's area. Thin: read through selectors, write through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianfu.deadlines import selectors, services
from jianfu.deadlines.models import NotificationKind, ObligationKind
from jianfu.org.access import get_for_user, scope_for


@login_required
def inbox(request):
    return render(request, "deadlines/inbox.html", {"inbox": selectors.inbox_for(request.user)})


@login_required
def notification_open(request, pk):
    """Follows a notification to the thing itself, marking it read."""
    notification = services.notification_read(user=request.user, notification_id=pk)
    target = notification.link
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("deadlines:inbox")


@login_required
@require_POST
def notifications_read(request):
    services.notifications_read_all(user=request.user)
    return redirect("deadlines:inbox")


@login_required
def obligation_detail(request, pk):
    obligation = selectors.obligation_get_for_user(user=request.user, pk=pk)
    owners = services.people_of(unit=obligation.owner_unit, school=obligation.owner_school)
    context = {
        "obligation": obligation,
        "is_owner": owners.filter(pk=request.user.pk).exists(),
        "by_statement": obligation.kind == ObligationKind.JUSTIFICATION,
        "today": timezone.localdate(),
    }
    return render(request, "deadlines/obligation.html", context)


@login_required
@require_POST
def obligation_fulfil(request, pk):
    return _obligation_post(request, pk, services.obligation_fulfil, _("已办结"), note=request.POST.get("note", ""))


@login_required
@require_POST
def obligation_waive(request, pk):
    return _obligation_post(request, pk, services.obligation_waive, _("已免除"), reason=request.POST.get("reason", ""))


def _obligation_post(request, pk, service, done: str, **text):
    """Fulfilling and waiving take one text, answer the same way and return to the obligation."""
    selectors.obligation_get_for_user(user=request.user, pk=pk)
    try:
        service(acting_user=request.user, obligation_id=pk, **text)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("deadlines:obligation", pk=pk)


@login_required
def refusal_letter(request, pk):
    """The refusal letter of a school's refusal, to the requester who was told of it."""
    from jianfu.documents.official import to_pdf
    from jianfu.gate.letters import refusal_letter as letter
    from jianfu.gate.models import Refusal
    from jianfu.registry.public import file_response

    notices = selectors.notifications_for(request.user).filter(
        kind=NotificationKind.DEMAND_REFUSED, subject_type="refusal"
    )
    notice = get_for_user(notices, pk=pk)
    refusal = Refusal.objects.filter(pk=notice.subject_id).first()
    if refusal is None:
        raise Http404
    return file_response(to_pdf(letter(refusal)), f"refusal-{refusal.pk}.pdf")


@login_required
def overdue(request):
    scope = scope_for(request.user)
    if not (scope.everything or scope.roster_paths):
        raise PermissionDenied(_("只有教育行政部门和督导人员可以查看本地区的逾期待办"))
    today = timezone.localdate()
    rows = selectors.overdue_for(request.user, today=today)[:500]
    groups: dict[str, list] = {}
    for obligation in rows:
        groups.setdefault(obligation.owner_name, []).append((obligation, (today - obligation.due_on).days))
    return render(request, "deadlines/overdue.html", {"groups": groups, "today": today})
