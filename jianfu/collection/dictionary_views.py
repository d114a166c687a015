"""The data dictionary's page: what the education systems already hold, searchable by label, synonym,
id and owner system, so that a requester can see before asking schools that the answer exists."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jianfu.collection import dictionary_read
from jianfu.collection.dictionary_read import FilterInvalid


@login_required
def dictionary_page(request):
    pack = dictionary_read.active_pack()
    asked = {key: request.GET.get(key, "").strip() for key in dictionary_read.FILTER_KEYS}
    context = {
        "filters": asked,
        "owners": dictionary_read.owners(pack),
        "levels": dictionary_read.LEVEL_LABELS.items(),
        "total": len(pack.dictionary),
    }
    try:
        elements = dictionary_read.filtered(pack, **asked)
    except FilterInvalid as error:
        context.update(elements=[], error=str(error))
        return render(request, "collection/dictionary.html", context, status=400)
    context.update(elements=[dictionary_read.presented(e) for e in elements], error="")
    return render(request, "collection/dictionary.html", context)
