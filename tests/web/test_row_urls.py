"""`{% row_url %}`: list pages link each row without reversing the address once per row, and the links
are exactly those `{% url %}` writes."""

from types import SimpleNamespace

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.urls.resolvers import URLResolver
from django.utils import translation

ODD_CODES = ["B520402000012", "安教减备〔2021〕520402-0001号", "a b&c'd\"e", "100%", "~:@!$()*+,;=", "-.-_"]


def rendered(text: str, **context) -> str:
    return Template(text).render(Context(context))


@pytest.mark.parametrize("code", ODD_CODES)
def test_a_row_link_is_the_address_the_url_tag_writes(code):
    for name in ("registry:verify", "registry:qr", "org:school"):
        assert rendered("{% row_url name code %}", name=name, code=code) == rendered(
            "{% url name code %}", name=name, code=code
        )


def test_a_number_route_gets_the_same_address_for_a_number_and_refuses_what_is_no_number():
    assert rendered("{% row_url 'registry:demand' 42 %}") == reverse("registry:demand", args=[42]) == "/demands/42/"
    with pytest.raises(NoReverseMatch):
        rendered("{% row_url 'registry:demand' 'abc' %}")


def test_a_value_the_route_cannot_hold_is_refused_as_the_url_tag_refuses_it():
    for bad in ("a/b", ""):
        with pytest.raises(NoReverseMatch):
            rendered("{% row_url 'registry:verify' code %}", code=bad)


def test_a_signed_in_page_does_not_reverse_its_navigation_again_on_every_request(world, client_for, monkeypatch):
    client = client_for(world.county_officer)
    first = client.get("/review/").content.decode()
    reversed_names = []
    reverse_with_prefix = URLResolver._reverse_with_prefix

    def counting(self, lookup_view, *args, **kwargs):
        reversed_names.append(lookup_view)
        return reverse_with_prefix(self, lookup_view, *args, **kwargs)

    monkeypatch.setattr(URLResolver, "_reverse_with_prefix", counting)
    again = client.get("/review/").content.decode()
    assert reversed_names in ([], ["complaints-cases"])  # the complaints app draws its own link
    for name in ("home", "registry:demands", "org:schools", "deadlines:inbox", "open:figures"):
        assert f'href="{reverse(name)}"' in again
    assert f'action="{reverse("logout")}"' in again
    assert again.replace(get_token_from(again), "") == first.replace(get_token_from(first), "")


def get_token_from(page: str) -> str:
    return page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def teacher_rows_calls(monkeypatch, rows: int) -> int:
    """Translations and reversals while the teacher rows (the school page's and the teacher list's) draw."""
    teachers = [
        SimpleNamespace(
            pk=n,
            name=f"教师{n}",
            school=SimpleNamespace(name="西秀区第一小学"),
            id_number_masked="5204**********0011",
            get_staffing_status_display=lambda: "在编",
            get_post_status_display=lambda: "在岗",
            subject="数学",
            duties=["班主任"],
        )
        for n in range(1, rows + 1)
    ]
    calls = []
    gettext, reverse_with_prefix = translation._trans.gettext, URLResolver._reverse_with_prefix
    with monkeypatch.context() as patched:
        patched.setattr(translation._trans, "gettext", lambda message: calls.append(message) or gettext(message))
        patched.setattr(
            URLResolver,
            "_reverse_with_prefix",
            lambda self, *a, **k: calls.append(a) or reverse_with_prefix(self, *a, **k),
        )
        html = render_to_string("org/teacher_rows.html", {"page": Paginator(teachers, 50).page(1), "filters": {}})
    assert html.count('href="/teachers/') == rows
    return len(calls)


def test_the_teacher_rows_translate_and_reverse_no_more_for_three_teachers_than_for_one(monkeypatch):
    teacher_rows_calls(monkeypatch, 1)  # the first drawing of a process learns the route
    assert teacher_rows_calls(monkeypatch, 3) == teacher_rows_calls(monkeypatch, 1)
