from django.urls import path

from . import dashboard, views

app_name = "workbench"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("calls/<int:pk>/", dashboard.CallDashboardView.as_view(), name="call_dashboard"),
]
