from django.urls import path

from . import assessment_views, screening_views, views

app_name = "review"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("posts/<int:pk>/", views.PostView.as_view(), name="post"),
    path(
        "nominations/<int:pk>/screening/",
        screening_views.ScreeningView.as_view(),
        name="screening",
    ),
    path("nominations/<int:pk>/cv/", screening_views.CvDownloadView.as_view(), name="cv"),
    path(
        "nominations/<int:pk>/assessment/",
        assessment_views.AssessmentView.as_view(),
        name="assessment",
    ),
    path(
        "nominations/<int:pk>/conflict/",
        assessment_views.ConflictView.as_view(),
        name="conflict",
    ),
]
