from django.urls import path

from . import transitions, views

app_name = "workbench"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "posts/<int:pk>/transitions/<slug:name>/",
        transitions.PostTransitionView.as_view(),
        name="post_transition",
    ),
    path(
        "nominations/<int:pk>/transitions/<slug:name>/",
        transitions.NominationTransitionView.as_view(),
        name="nomination_transition",
    ),
]
