from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .views.audit import AuditEventViewSet
from .views.calls import CallViewSet, MemberStateViewSet, PostViewSet
from .views.nominations import NominationViewSet
from .views.review import AssessmentView, ConflictView, DecisionView, ScreeningView

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
    # The executive office's acts on a nomination (api/views/review.py).
    path("nominations/<int:pk>/screening/", ScreeningView.as_view(), name="nomination-screening"),
    path(
        "nominations/<int:pk>/screening/decision/",
        DecisionView.as_view(),
        name="nomination-screening-decision",
    ),
    path("nominations/<int:pk>/conflict/", ConflictView.as_view(), name="nomination-conflict"),
    path(
        "nominations/<int:pk>/assessment/",
        AssessmentView.as_view(),
        name="nomination-assessment",
    ),
    path("", include(router.urls)),
]
