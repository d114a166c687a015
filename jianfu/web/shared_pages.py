"""Public pages that every anonymous reader is shown alike, rendered once per process and kept.

The verification page a QR code opens is the platform's busiest page, and the same for everyone who is not
signed in: its content is a function of the stored answer, the reader's language and whether this is demo
data. Rendering it through base.html took about 0.6 ms of its 1.2 ms (issue 17, `jianfu bench`); kept, it
costs a look-up in this process's memory.

Only one thing of the reader's own is on such a page: the CSRF token of the language switch. The page is
kept with a mark where the token goes, and each response puts the reader's token there (`get_token`, which
also sets the CSRF cookie as `{% csrf_token %}` does). A page that shows anything else of the reader's is
rendered as usual: a signed-in person (their name, their inbox, their school's scope), a message waiting
for them, or a query string (so that nobody fills the memory with addresses of their own making).

The caller names everything else the content depends on (`key`); the language, the demo mark and the path
are added here. Nothing kept is ever stale: a changed answer is a different key.
"""

import hashlib

from django.contrib.messages import get_messages
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from jianfu.web.context import is_demo

# A verification page is about 1.5 KB (1,491 bytes for a bench demand; dismissed findings and approvals add
# a few hundred): 128 of them hold at most ~0.25 MiB of a worker's memory.
PAGES_KEPT = 128
TOKEN_MARK = "\x00csrf-token\x00"  # no template writes a NUL: it cannot stand for anything else

_kept = LocMemCache("jianfu-shared-pages", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": PAGES_KEPT}})


def render_shared(request: HttpRequest, template_name: str, context: dict, *, key: tuple) -> HttpResponse:
    """`render(request, template_name, context)`, from memory when the reader is shown what anyone is."""
    if not shown_as_anyone(request):
        return render(request, template_name, context)
    demo = is_demo()
    name = _page_name((template_name, key, request.path, get_language(), demo))
    page = _kept.get(name)
    if page is None:
        page = render_to_string(template_name, {**context, "csrf_token": TOKEN_MARK, "is_demo": demo}, request)
        _kept.set(name, page)
    return HttpResponse(page.replace(TOKEN_MARK, get_token(request)))


def shown_as_anyone(request: HttpRequest) -> bool:
    """Not signed in, no message waiting (len() reads them without using them up), no query string."""
    return not request.user.is_authenticated and not request.META.get("QUERY_STRING") and not len(get_messages(request))


def _page_name(described: tuple) -> str:
    # A digest: the cache's keys are short and free of spaces, a title's words are neither.
    return hashlib.blake2b(repr(described).encode(), digest_size=20).hexdigest()
