from django.urls import path

from . import audit

app_name = "audit"

urlpatterns = [
    path("", audit.AuditLogView.as_view(), name="log"),
    path("verify/", audit.VerifyChainView.as_view(), name="verify"),
]
