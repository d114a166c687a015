"""Every page of the site, and what a person reads on it: the helpers of tests/web/test_english.py.

`url_patterns()` walks Django's URL resolver, so a page added tomorrow is walked tomorrow (or the test
says it does not know how to fill its parameters). `visible_text()` is what a person sees or hears on
a page: text, and the attributes shown (placeholder, title, alt) or read out (aria-label), and the
labels the phone layout prints from data-label. `data_strings()` is everything people and the pack
wrote: every text value in the database and every string of the policy pack. What is left once those
are taken out of a page is interface, and in English it must hold no Chinese character."""

import dataclasses
import re
from collections.abc import Iterator

import lxml.html
from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

# Han characters, CJK punctuation (、。「」〔〕) and full-width forms (：，（）) alike.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
SHOWN_ATTRIBUTES = ("placeholder", "title", "alt", "aria-label", "data-label")


@dataclasses.dataclass(frozen=True)
class Route:
    key: str  # the URL name with its namespace ("registry:demand"), or the route itself when unnamed
    route: str  # "demands/<int:pk>/"
    parameters: tuple[str, ...]


def url_patterns() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, prefix="", namespace=""))


def _walk(patterns, prefix: str, namespace: str) -> Iterator[Route]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            key = f"{namespace}{pattern.name}" if pattern.name else route
            yield Route(key, route, tuple(re.findall(r"<(?:\w+:)?(\w+)>", route)))


def visible_text(html: str) -> str:
    tree = lxml.html.document_fromstring(html)
    for hidden in tree.xpath("//script | //style | //template | //comment()"):
        hidden.drop_tree()
    # What a page marks as Chinese on purpose (lang="zh-hans" below <html>): the language switch, which
    # names Chinese in Chinese, a refusal letter shown as printed, the pack's clauses quoted.
    for chinese in tree.xpath("//body//*[starts-with(@lang, 'zh')]"):
        chinese.drop_tree()
    pieces = list(tree.itertext())
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        pieces += [element.get(name) for name in SHOWN_ATTRIBUTES if element.get(name)]
        if element.tag == "input" and element.get("type") in ("submit", "button"):
            pieces.append(element.get("value") or "")
    return "\n".join(pieces)


def data_strings(pack, extra: tuple[str, ...] = ()) -> re.Pattern:
    """One pattern matching any string that data holds (longest first): database text, the pack's
    texts, and what a test typed into a form."""
    strings = set(extra) | set(_pack_strings(pack)) | set(_database_strings())
    strings |= {line.strip() for s in list(strings) for line in s.splitlines()}
    wanted = sorted((s for s in strings if s and CJK.search(s)), key=len, reverse=True)
    return re.compile("|".join(re.escape(s) for s in wanted)) if wanted else re.compile(r"(?!)")


def _database_strings() -> Iterator[str]:
    for model in apps.get_models():
        text_fields = [
            f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))
        ]
        json_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
        if not text_fields and not json_fields:
            continue
        for row in model._default_manager.values_list(*text_fields, *json_fields):
            for value in row:
                yield from _strings_in(value)


def json_strings(value) -> list[str]:
    return list(_strings_in(value))


def _pack_strings(pack) -> Iterator[str]:
    yield from _strings_in(pack)


def _strings_in(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(key)
            yield from _strings_in(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings_in(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _strings_in(getattr(value, field.name))


def leftovers(text: str, data: re.Pattern) -> list[str]:
    """The Chinese left in `text` once the data is taken out, each with a little of its context."""
    remaining = data.sub(" ", text)
    snippets = []
    for line in remaining.splitlines():
        if CJK.search(line):
            snippets.append(" ".join(line.split())[:120])
    return snippets


def in_english(client):
    """The client switched to English with the page's own language button."""
    from django.urls import reverse

    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    return client


def chinese_interface(html: str, *typed: str) -> list[str]:
    """The Chinese left on a page once the data is taken out: the database's, the pack's, and what the test
    typed into a form (a refused form shows it again, unsaved)."""
    from jianfu.packs.active import active_engine

    return leftovers(visible_text(html), data_strings(active_engine().pack, extra=typed))
