"""The project's URLs plus the benchmark's floor: the cheapest page a signed-in user gets."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from config.urls import handler404  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns

FLOOR_PATH = "bench/signed-in/"


@login_required
def signed_in(request):
    return HttpResponse(f"Signed in as {request.user.email}.", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH, signed_in), *project_urlpatterns]
