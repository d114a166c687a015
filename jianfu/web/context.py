from jianfu.org.models import DemoMark


def site(request):
    """What every page needs: whether this is demo data."""
    return {"is_demo": DemoMark.objects.exists()}
