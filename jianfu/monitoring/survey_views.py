"""The burden survey's public form (7.4): no account, no cookie, nothing kept of who answers.

A teacher types (or the QR code's fragment fills in) the single-use code the school handed out, the hours of
the most recent complete week per activity, the demands received and a comment. The answer goes through
survey.answer; a refusal re-shows the form with everything typed and the error beside its field; success
redirects to the thanks page, so going back and resubmitting finds the code used. Like the public complaint
pages, the form needs no CSRF cookie: it carries no authority but the code itself (a signed-in official's
submission is still checked)."""

from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from jianfu.monitoring.models import ACTIVITIES
from jianfu.monitoring.survey import MAX_HOURS_PER_ACTIVITY, SurveyInvalid, answer
from jianfu.monitoring.survey_limits import TOO_MANY_ANSWERS, answer_allowed
from jianfu.monitoring.waves import wave_open_on


def _private(response):
    """Never kept by a browser's or a proxy's cache, never named to another site."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@csrf_exempt
def survey_form(request):
    if request.method == "POST":
        if request.user.is_authenticated:
            refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if refused:
                return refused
        return _answered_or_refused(request)
    return _form_page(request, typed={}, errors={})


def _typed(post) -> dict:
    return {
        "code": (post.get("code") or "").strip()[:40],
        "hours": {activity: (post.get(f"hours_{activity}") or "").strip()[:20] for activity in ACTIVITIES},
        "demands": post.get("demands") or "",
        "comment": post.get("comment") or "",
    }


def _answered_or_refused(request):
    typed = _typed(request.POST)
    if not answer_allowed(request):
        return _form_page(request, typed=typed, errors={"form": _(TOO_MANY_ANSWERS)}, status=429)
    try:
        answer(typed["code"], hours=typed["hours"], demands=typed["demands"], comment=typed["comment"])
    except SurveyInvalid as refused:
        return _form_page(request, typed=typed, errors={refused.field: str(refused)}, status=400)
    return redirect("survey:thanks")


def _form_page(request, *, typed: dict, errors: dict, status: int = 200):
    hours = typed.get("hours", {})
    context = {
        "wave": wave_open_on(timezone.localdate()),
        "typed": typed,
        "errors": errors,
        "activities": [
            (activity, label, hours.get(activity, ""), errors.get(activity, ""))
            for activity, label in ACTIVITIES.items()
        ],
        "max_hours": int(MAX_HOURS_PER_ACTIVITY),
    }
    return _private(render(request, "monitoring/survey_form.html", context, status=status))


def survey_thanks(request):
    return _private(render(request, "monitoring/survey_thanks.html"))
