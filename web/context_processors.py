from . import navigation as nav


def csp_nonce(request):
    """django-htmx's {% htmx_script %} reads `csp_nonce` from the context; django-csp puts it
    on the request. Lazy: a page that never prints the nonce sends none in its header."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}


def navigation(request):
    return {"navigation": nav.items_for(request)}
