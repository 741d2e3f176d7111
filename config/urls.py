from django.urls import include, path

from .admin_site import site as admin_site
from .webhooks import tracking_webhook_urls

urlpatterns = [
    path("", include("web.urls")),
    path("accounts/", include("accounts.urls")),
    path("workbench/", include("workbench.urls")),
    path("audit/", include("workbench.audit_urls")),
    path("portal/", include("portal.urls")),
    path("review/", include("review.urls")),
    path("review/", include("shortlisting.urls")),
    path("workbench/outcomes/", include("shortlisting.release_urls")),
    path("admin/", admin_site.urls),
    path("api/v1/", include("api.urls")),
    *tracking_webhook_urls(),
]

# Error pages on the site's layout; under /api/ the API's JSON error shape.
handler403 = "web.errors.permission_denied"
handler404 = "web.errors.page_not_found"
handler500 = "web.errors.server_error"
