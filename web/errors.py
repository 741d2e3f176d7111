"""Error pages on the layout; under /api/ the API's one JSON error shape instead."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.translation import gettext as _

from api.errors import error_body
from api.errors import page_not_found as api_page_not_found


def _is_api(request):
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _is_api(request):
        # The same body as a missing object (401 when not signed in): nothing tells apart
        # an address that matches no route from an object outside the user's scope.
        return api_page_not_found(request, exception)
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            error_body("permission_denied", _("Your role may not do this.")), status=403
        )
    return render(request, "403.html", status=403)


def server_error(request):
    if _is_api(request):
        return JsonResponse(
            error_body("server_error", _("Something went wrong on our side. Try again later.")),
            status=500,
        )
    # No request context: whatever failed (the database, say) must not fail the page too.
    return HttpResponse(get_template("500.html").render({"error_page": True}), status=500)
