from django.urls import path

from . import views

app_name = "shortlisting"

urlpatterns = [
    path("posts/<int:pk>/side-by-side/", views.SideBySideView.as_view(), name="side_by_side"),
    path("posts/<int:pk>/shortlist/propose/", views.ProposeView.as_view(), name="propose"),
    path(
        "posts/<int:pk>/shortlist/approve/",
        views.DecisionView.as_view(),
        {"decision": "approve"},
        name="approve",
    ),
    path(
        "posts/<int:pk>/shortlist/send-back/",
        views.DecisionView.as_view(),
        {"decision": "send_back"},
        name="send_back",
    ),
    path("posts/<int:pk>/exports/", views.ExportCreateView.as_view(), name="export_create"),
    path("exports/<int:pk>/", views.ExportStatusView.as_view(), name="export_status"),
    path("exports/<int:pk>/download/", views.ExportDownloadView.as_view(), name="export_download"),
]
