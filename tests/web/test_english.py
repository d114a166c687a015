"""English covers the interface of every page (issue 8, item 24).

Each named actor switches to English the way a person does (the English button posts to set_language)
and opens every page the URL patterns define, with its parameters filled from a world that has
something in every state. From each HTML page the visible text is taken, the data is taken out (every
text value in the database, the usernames, and the policy pack's texts: clauses, categories, the
negative list, rules), and what remains must hold no Chinese character.

The public complaint pages answer a POST (tracking by receipt code and passphrase, filing, replying): they
are opened below the way an anonymous filer opens them, in English.

Left in Chinese on purpose, and so not walked: file downloads (the certificate, the refusal letter and
the annual list are official Chinese documents; spreadsheets and QR images), and the REST API with its
documentation page (machine-facing; its messages stay Chinese). Django's admin is for operators only."""

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from jianfu.complaints.models import Complaint
from jianfu.deadlines.models import Notification, Obligation
from jianfu.gate.models import ViolationCase
from jianfu.packs.active import active_engine
from jianfu.workflow.demand import State
from tests.web.every_page import data_strings, json_strings, leftovers, url_patterns, visible_text
from tests.web.every_state import PASSPHRASE, WALKED_AT, build_every_state
from tests.world import PASSWORD, build_world

# Routes the walk does not open, each with its reason. Anything else must be fillable below.
NOT_WALKED = {
    "admin/": "Django's admin site, for operators (superusers) only",
    "api/v1/": "the REST API and its documentation page: machine-facing, its messages stay Chinese",
    "favicon.ico": "a redirect to an icon",
    "healthz": "plain text for a load balancer",
    "logout": "POST only",
    "set_language": "POST only (the walk uses it to switch to English)",
    "org:export": "an .xlsx download",
    "org:template": "an .xlsx download",
    "registry:act": "POST only",
    "registry:merge": "POST only",
    "registry:attach": "POST only",
    "registry:attachment": "a file download",
    "registry:file_result": "POST only",
    "registry:result_file": "a file download",
    "registry:plan_approve": "POST only",
    "registry:finding_decision": "POST only",
    "registry:declaration_review": "POST only",
    "registry:certificate": "the certificate (pdf, docx): an official Chinese document",
    "registry:annual_list_file": "the annual list (xlsx, pdf): an official Chinese document",
    "registry:qr": "an SVG image",
    "gate:refuse": "POST only",
    "gate:letter": "the refusal letter (pdf, docx): an official Chinese document",
    "gate:evidence": "a file download",
    "deadlines:read_all": "POST only",
    "deadlines:letter": "the refusal letter (pdf): an official Chinese document",
    "deadlines:fulfil": "POST only",
    "deadlines:waive": "POST only",
    "complaints-export": "an .xlsx download",
    "complaints-identity": "POST only (a named filer's identity, after a reason)",
    "complaints-evidence": "a file download",
    "complaints-track-reply": "POST only (the filer's answer, with the tracking page's token)",
    "complaints-track-review": "POST only (the filer's request for review, with the tracking page's token)",
    "secondments:renew": "POST only",
    "secondments:consent": "POST only",
    "secondments:report_return": "POST only",
    "secondments:confirm_return": "POST only",
    "secondments:return_order": "POST only",
    "secondments:census_file": "the census report (xlsx, pdf): an official Chinese document",
    "registry:statistics_approval": "POST only (the statistics bureau's approval number)",
    "collection:grant_decision": "POST only (grant, refuse or revoke)",
    "collection:grant_file": "the granted data (xlsx, csv): a download whose headers are the dictionary's labels",
    "collection:form_template": "the prefilled form (xlsx): a Chinese spreadsheet for schools",
    "collection:form_upload": "POST only (the filled template)",
    "collection:form_aggregate": "the aggregate of the schools' answers (xlsx): a Chinese spreadsheet",
    "monitoring:site_name": "POST only (a county names a site)",
    "monitoring:stand_in_approve": "POST only (the city approves a stand-in)",
    "monitoring:codes_issue": "POST only (the printed slips are walked by a test below)",
    "monitoring:results_xlsx": "the survey's results (xlsx): a Chinese spreadsheet",
    "reports:new": "POST only (a county drafts its report)",
    "reports:section": "POST only (the bureau's own words under a heading)",
    "reports:refresh": "POST only (the draft's figures assembled again)",
    "reports:file": "the county report (docx, pdf): an official Chinese document",
    "reports:city_file": "the city summary (docx, pdf): an official Chinese document",
    "dashboard:sheet": "a dashboard table (xlsx): a Chinese spreadsheet",
    "accountability:unit_report_new": "POST only (a unit starts its report)",
    "accountability:report_save": "POST only (refusals are walked by tests/web/test_english_accountability.py)",
    "accountability:evidence_upload": "POST only",
    "accountability:evidence": "a file download",
    "accountability:report_decide": "POST only (refusals are walked by tests/web/test_english_accountability.py)",
    "scores:xlsx": "the year's scores (xlsx): a Chinese spreadsheet",
    "scores:assessment": "the year-end assessment (xlsx): a Chinese workbook for the assessment of units",
    "pay:export": "the year's pay figures (xlsx): a Chinese spreadsheet",
    "pay:template": "the pay import template (xlsx): a Chinese spreadsheet",
    "pay:document": "a file download (a pay figure's source document)",
    "pay:document_add": "POST only",
    "pay:trail_export": "the audit trail (xlsx): a Chinese spreadsheet",
    "open:csv": "open data (CSV): a stable schema for machines",
    "open:json": "open data (JSON): a stable schema for machines",
    "ocr:status": "JSON polled by the recognition page's script",
    "ocr:image": "an image (the owner's own photo)",
}


ACTORS = [
    "city_officer",
    "county_officer",
    "department_clerk",
    "approver",
    "joint_reviewer",
    "principal",
    "teacher",
    "inspector",
    "statistics_officer",  # made by build_every_state: the statistics bureau's step of a survey (issue 14)
    "outsider",
    None,  # anonymous
]


@pytest.fixture(scope="module")
def everything(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end; each test's own
    transaction nests in it. The clock stands on the walking day, 10 March 2021."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_every_state(build_world())
        yield built
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def on_the_walking_day():
    with time_machine.travel(WALKED_AT, tick=True):
        yield


def addresses(everything) -> dict[str, list[str]]:
    """Every address to open for each route, its parameters filled from the world's objects (and
    query strings where a page shows something else for them)."""
    world, demands = everything.world, everything.demands
    schools = [world.xixiu_school.code, world.xixiu_other_school.code, world.pingba_school.code]
    codes = [d.verification_code for d in demands.values() if d.verification_code]
    numbers = [d.registration_number for d in demands.values() if d.registration_number]
    walked = secondments_to_walk(world)
    fill = {
        "home": [""],
        "login": ["", "?next=/demands/"],
        "two_factor_setup": [""],
        "two_factor_verify": [""],
        "org:schools": ["", "?area=urban"],
        "org:school": schools,
        "org:teachers": ["", "?post_status=on_post"],
        "org:teacher": [world.xixiu_teacher.pk, world.pingba_teacher.pk],
        "org:units": ["", "?kind=education_bureau"],
        "org:locked_accounts": [""],
        "org:import": [""],
        "registry:demands": ["", *(f"?state={state}" for state in State)],
        "registry:new": [""],
        "registry:school_search": ["?q=西秀", "?q="],
        "registry:live_precheck": [""],
        "registry:live_precheck_edit": [demands[State.DRAFT].pk],
        "registry:demand": [d.pk for d in demands.values()],
        "registry:edit": [d.pk for d in demands.values()],
        "registry:results": ["", "?query=nothing-like-this"],
        "registry:queue": [""],
        "registry:quotas": ["", "?year=2021", "?year=abc"],
        "registry:calendar": [*schools, f"{world.xixiu_school.code}/?year=1999"],
        "registry:my_calendar": [""],
        "registry:annual_list": [f"2021/{world.city.code}", f"2021/{world.xixiu.code}"],
        "registry:verify": [*codes, *numbers, "NOSUCHCODE01"],
        "gate:screen": [""],
        "ocr:recognition": [everything.recognition.pk],  # done; only its owner, the principal, sees more than 404
        "gate:verify": ["", "?q="],
        "gate:lists": ["", "?year=2021"],
        "gate:refusals": [""],
        "gate:refusal": [r.pk for r in everything.refusals],
        "gate:cases": [""],
        "gate:case": list(ViolationCase.objects.values_list("pk", flat=True)),  # refusals' and complaints' cases
        "audit:verify": [""],
        "deadlines:inbox": [""],
        "deadlines:overdue": [""],
        "deadlines:notification": list(Notification.objects.values_list("pk", flat=True)[:20]),
        "deadlines:obligation": list(Obligation.objects.values_list("pk", flat=True)),
        "complaints-cases": ["", "?state=received", "?item=abc"],
        "complaints-case": list(Complaint.objects.values_list("pk", flat=True)),
        "complaints-stats": ["", "?year=abc"],
        "complaints-new": [""],
        "complaints-track": [""],
        "secondments:list": ["", "?kind=secondment&state=active&year=2021", "?kind=loan", "?year=abc"],
        "secondments:new": [""],
        "secondments:detail": [s.pk for s in walked],
        "secondments:teachers": [s.pk for s in walked],
        "secondments:my_school": [""],
        "secondments:school": [world.xixiu_school.code],
        "secondments:mine": [""],
        "secondments:teacher": [world.xixiu_teacher.pk],
        "secondments:census": ["", "?county=520402", "?as_of=abc"],
        "collection:dictionary": [
            "",
            "?q=教师",
            "?level=teacher&personal=yes",
            "?owner=nosuch",
            "?q=nothing-like-this",
        ],
        "collection:grants": [""],
        "collection:grant_new": ["", f"?demand={demands['form_held_fields'].pk}&element=teacher.gender"],
        "collection:grant": [g.pk for g in everything.grants],
        "collection:forms": [""],
        "collection:form_fill": [demands["form"].pk, f"{demands['form'].pk}/?school={world.xixiu_other_school.code}"],
        "collection:form_progress": [demands["form"].pk],
        "monitoring:sites": ["", "?county=520402", "?year=2021&county=520403", "?year=abc", "?county=nosuch"],
        "monitoring:site": [site.pk for site in everything.sites],
        "monitoring:codes_sheet": [site.pk for site in everything.sites],  # the slips were shown already
        "monitoring:results": ["", "?county=520402", "?wave=2021-spring", "?wave=nosuch", "?year=abc"],
        "survey:form": [""],
        "survey:thanks": [""],
        "reports:list": ["", "?year=2020", "?year=abc"],
        "reports:detail": [report.pk for report in everything.reports.values()],
        "reports:submit": [report.pk for report in everything.reports.values()],
        "dashboard:home": ["", "?county=520402", "?year=2020", "?year=abc"],
        **accountability_addresses(everything),
    }
    assert fill["deadlines:notification"] and fill["deadlines:obligation"], "the world has inbox items to open"
    return {key: [str(value) for value in values] for key, values in fill.items()}


def accountability_addresses(everything) -> dict[str, list]:
    """The measures and their reports, the scores of every unit scored in 2021 with every figure's records, the
    pay pages, the audit trail with each filter (and refused ones), and the open figures (issue 16)."""
    from jianfu.accountability.measures import measures
    from jianfu.accountability.scores import score_of, scored_units

    world = everything.world
    scored = [score_of(s, 2021) for s in scored_units(2021)]
    unregistered = [m.id for m in measures() if m.unregistered][:1]
    return {
        "accountability:measures": ["", "?period=2020-H2", "?period=nosuch"],
        "accountability:measure": ["1.2", *unregistered],
        "accountability:unit": ["520402-DW", "520402-JYJ"],
        "accountability:report": [r.pk for r in everything.measure_reports.values()],
        "scores:list": ["", "?year=2021&kind=department", "?kind=school", "?year=abc"],
        "scores:unit": [f"2021/{row['unit']}" for row in scored],
        "scores:records": [f"2021/{row['unit']}/{i['id']}" for row in scored for i in row["indicators"]],
        "pay:list": ["", "?year=2020", "?year=abc"],
        "pay:enter": [""],
        "pay:import": [""],
        "pay:county": [world.xixiu.code, world.pingba.code],
        "pay:trail": [
            "",
            "?unit=520402-DW&object_type=measure_report",
            f"?person={world.approver.username}&action=measure_report",
            "?from=2021-03-01&to=2021-03-10",
            "?from=2021-03-10&to=2021-03-01",
            "?unit=nosuch",
            "?from=abc",
            "?before=abc",
        ],
        "open:figures": ["", "?year=2020", "?year=abc"],
        "open:year": ["2021", "2020"],
    }


def page_addresses(everything) -> list[tuple[str, str]]:
    """(route key, address) of every page to walk."""
    fill, out, unknown = addresses(everything), [], []
    for route in url_patterns():
        if any(route.key == skip or route.route.startswith(skip) for skip in NOT_WALKED if skip.endswith("/")) or (
            route.key in NOT_WALKED
        ):
            continue
        if route.key not in fill:
            unknown.append(f"{route.key} ({route.route})")
            continue
        for value in fill[route.key]:
            out.append((route.key, _address(route.route, route.parameters, value)))
    assert not unknown, f"pages the walk cannot fill: add them to addresses() or NOT_WALKED: {unknown}"
    return out


def _address(route: str, parameters: tuple[str, ...], value: str) -> str:
    if not parameters:
        return "/" + route + value
    if value.startswith("?"):
        raise AssertionError(f"{route}: a query string for a page with parameters")
    parts = value.split("/")
    path, query = (
        (parts, "") if len(parts) == len(parameters) else (parts[: len(parameters)], "/".join(parts[len(parameters) :]))
    )
    for name, part in zip(parameters, path, strict=True):
        route = re.sub(rf"<(?:\w+:)?{name}>", part, route)
    return "/" + route + query.removeprefix("/")


def english_client(client, user):
    """Signed in as a person signs in (the second factor done for the roles that need it), then
    switched to English with the page's own button."""
    if user is not None:
        from jianfu.web.two_factor import client_sign_in_verified

        client_sign_in_verified(client, user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def chinese_left_on(client, address: str, data) -> tuple[int, list[str]]:
    response = client.get(address)
    kind = response.get("Content-Type", "")
    if "application/json" in kind:  # what the pages' scripts fetch and show
        text = "\n".join(json_strings(response.json()))
    elif "text/html" in kind and response.content.strip():
        text = visible_text(response.content.decode())
    else:
        return response.status_code, []
    return response.status_code, leftovers(text, data)


def data_of_the_world(pack):
    """Database text and the pack's, and what is made of data alone: a refusal's title is the first
    words of the notice, the phrases two similar demands' titles share are pieces of them, and a list that
    shortens the negative list's items (the complaints' filter and figures) shows their first words and
    an ellipsis; a recognition's text is cut where its doubtful characters are marked."""
    from jianfu.gate.models import Refusal
    from jianfu.registry.models import Demand
    from jianfu.registry.similar import shared_phrases

    titles = list(Demand.objects.values_list("title", flat=True))
    shared = {phrase for a in titles for b in titles if a != b for phrase in shared_phrases(a, b)}
    shortened = {item.text[:n] + "…" for item in pack.negative_list for n in range(1, len(item.text))}
    return data_strings(pack, extra=(*(r.title for r in Refusal.objects.all()), *shared, *shortened, *recognised()))


def recognised() -> list[str]:
    """A recognition's text as its page cuts it: the pieces between the doubtful characters it marks."""
    from jianfu.ocr.models import Recognition
    from jianfu.ocr.views import marked

    return [piece for r in Recognition.objects.all() for piece, _doubted in marked(r.text, r.doubtful)]


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a or "anonymous")
def test_every_page_an_actor_opens_in_english_holds_no_chinese_interface_text(everything, db, client, actor):
    cache.clear()  # the verification pages count look-ups per address and minute
    user = _actor(everything.world, actor)
    client = english_client(client, user)
    pack = active_engine().pack
    data = data_of_the_world(pack)
    found = {}
    for _key, address in page_addresses(everything):
        status, snippets = chinese_left_on(client, address, data)
        if snippets:
            data = data_of_the_world(pack)  # rows written while walking (a device, a session) are data too
            status, snippets = chinese_left_on(client, address, data)
        if snippets:
            found[f"{address} ({status})"] = sorted(set(snippets))
    assert not found, _report(actor, found)


def _actor(world, name):
    if name is None:
        return None
    return getattr(world, name, None) or get_user_model().objects.get(username=name)


def _report(actor, found: dict[str, list[str]]) -> str:
    lines = [f"Chinese interface text left for {actor or 'anonymous'} in English:"]
    for page, snippets in found.items():
        lines.append(f"  {page}")
        lines += [f"      {s}" for s in snippets]
    return "\n".join(lines)


def test_the_error_pages_speak_english_to_an_english_session(everything, db, client):
    """404, 403 and 400 come up in the walk; here a 404 for any address, the 429 of a locked account and
    of a throttled address, and the standalone 500 page."""
    from django.views.defaults import server_error

    client = english_client(client, None)
    data = data_of_the_world(active_engine().pack)
    locked = client.post("/login/", {"username": everything.locked_username, "password": PASSWORD})
    pages = {
        "404": client.get("/no-such-page/"),
        "429 locked": locked,
    }
    with translation.override("en"):
        pages["500"] = server_error(RequestFactory().get("/"))
    assert (pages["404"].status_code, locked.status_code, pages["500"].status_code) == (404, 429, 500)
    found = {name: leftovers(visible_text(r.content.decode()), data) for name, r in pages.items()}
    assert not any(found.values()), found


# --- The public complaint pages, which answer a POST -----------------------------------------------------


def _english_page(response, data) -> list[str]:
    page = response.content.decode()
    assert '<html lang="en"' in page, "the page was not served in English"
    return leftovers(visible_text(page), data)


def _form_token(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


def test_an_anonymous_filer_tracks_a_complaint_in_every_state_in_english(everything, db, client):
    """The tracking page of each complaint (received, overdue, accepted... closed, a named one, one under
    review), a wrong passphrase, and the pages after a reply and a request for review: no Chinese
    outside what the filer and the officials wrote."""
    cache.clear()  # tracking is throttled per sender and per receipt
    client = english_client(client, None)
    track = reverse("complaints-track")
    found, pages = {}, {}
    for key, receipt in everything.receipts.items():
        pages[key] = client.post(track, {"receipt": receipt, "passphrase": PASSPHRASE})
        assert pages[key].status_code == 200, key
    pages["wrong passphrase"] = client.post(track, {"receipt": everything.receipts["received"], "passphrase": "x" * 12})
    assert pages["wrong passphrase"].status_code == 404
    replied = client.post(
        reverse("complaints-track-reply"),
        {"token": _form_token(pages["investigating"].content.decode(), "token"), "body": "补充：通知于3月1日发出。"},
    )
    pages["after a reply"] = replied
    pages["after a request for review"] = client.post(
        reverse("complaints-track-review"),
        {"token": _form_token(pages["answered"].content.decode(), "token"), "reason": "负责人并未被约谈。"},
    )
    assert (replied.status_code, pages["after a request for review"].status_code) == (200, 200)
    data = data_of_the_world(active_engine().pack)
    for name, response in pages.items():
        if snippets := _english_page(response, data):
            found[name] = snippets
    assert not found, found


def test_an_anonymous_filer_files_a_complaint_in_english(everything, db, client):
    """The filing page after a school search and a suggestion (schools with their county, the items
    ticked), a refused filing, and the receipt page."""
    cache.clear()  # filing is throttled per sender
    client = english_client(client, None)
    new = reverse("complaints-new")
    token = _form_token(client.get(new).content.decode(), "form_token")
    typed = {"accused": "520402-WJJ", "content": "区卫健局要求教师周末上街执勤。", "form_token": token}
    chosen = everything.world.xixiu_school.code
    pages = {
        "school search": client.post(new, typed | {"intent": "find_school", "school_search": "西秀区"}),
        "suggestion": client.post(new, typed | {"intent": "suggest", "school_codes": [chosen]}),
        "unit search": client.post(new, typed | {"intent": "find_unit", "unit_search": "卫生"}),
        "refused": client.post(new, typed | {"intent": "file", "passphrase": "short"}),
    }
    filed = client.post(
        new,
        typed | {"intent": "file", "school_codes": [chosen], "passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE},
    )
    assert filed.status_code == 201, filed.content.decode()
    pages["receipt"] = filed
    data = data_of_the_world(active_engine().pack)
    found = {name: snippets for name, response in pages.items() if (snippets := _english_page(response, data))}
    assert not found, found


def secondments_to_walk(world):
    """A draft secondment of the world's teacher and a registered one of a colleague (issue 13), made in the
    test's own transaction: their pages, the school's, the teacher's and the census show every part."""
    from datetime import date

    from tests.secondments.flow import approved, requested

    draft = requested(world, start=date(2021, 9, 1), end=date(2022, 3, 31), teachers=[world.xixiu_teacher])
    registered = approved(
        world, requested(world, start=date(2021, 3, 1), end=date(2021, 6, 30), teachers=[world.xixiu_colleague])
    )
    return [draft, registered]
