"""The project's URLs plus the benchmark's floor: the cheapest page a signed-in user gets."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, urlpatterns as project_urlpatterns  # noqa: F401

FLOOR_PATH = "bench/signed-in/"


@login_required
def signed_in(request):
    return HttpResponse(f"Signed in as {request.user.email}.", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH, signed_in), *project_urlpatterns]
