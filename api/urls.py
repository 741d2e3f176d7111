from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .views.audit import AuditEventViewSet
from .views.calls import CallViewSet, MemberStateViewSet, PostViewSet
from .views.nominations import NominationViewSet

app_name = "api"

router = DefaultRouter()
router.register("member-states", MemberStateViewSet, basename="member-state")
router.register("calls", CallViewSet, basename="call")
router.register("posts", PostViewSet, basename="post")
router.register("nominations", NominationViewSet, basename="nomination")
router.register("audit-events", AuditEventViewSet, basename="audit-event")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its initialisation script as a file: no inline script, so the
    # site's Content-Security-Policy holds here too, without an exception.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
