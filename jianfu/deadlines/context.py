"""Every page shows the person's count of what waits for them (base.html)."""

from django.utils.functional import SimpleLazyObject

from jianfu.deadlines.selectors import inbox_count as _count


def inbox_count(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_count": SimpleLazyObject(lambda: _count(user))}
