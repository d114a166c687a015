"""Chinese unless the person chose otherwise."""


class ChineseUnlessChosenMiddleware:
    """The interface is Chinese by default, whatever language the browser prefers: many officials'
    machines run English-language browsers. The English switch sets a cookie, which still wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
