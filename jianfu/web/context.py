from jianfu.org.access import scope_for
from jianfu.org.models import DemoMark


def site(request):
    """What every page needs: whether this is demo data, and the roles of the person looking."""
    user = request.user
    return {
        "is_demo": DemoMark.objects.exists(),
        "my_roles": sorted(scope_for(user).roles) if user.is_authenticated else [],
    }
