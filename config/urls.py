from django.urls import include, path
from django.views.generic import RedirectView

from .admin_site import site as admin_site
from .webhooks import tracking_webhook_urls

urlpatterns = [
    # Until the workbench and the portal have pages of their own, start at the admin.
    path("", RedirectView.as_view(pattern_name="admin:index"), name="home"),
    path("admin/", admin_site.urls),
    path("api/v1/", include("api.urls")),
    *tracking_webhook_urls(),
]

handler404 = "api.errors.page_not_found"
