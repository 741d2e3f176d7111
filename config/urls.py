from django.urls import include, path
from django.views.generic import RedirectView

from config.admin_site import site as admin_site

urlpatterns = [
    # Until the workbench and the portal have pages of their own, start at the admin.
    path("", RedirectView.as_view(pattern_name="admin:index"), name="home"),
    path("admin/", admin_site.urls),
    path("api/v1/", include("api.urls")),
    path("anymail/", include("anymail.urls")),
]
