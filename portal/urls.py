from django.urls import path

from . import submission_views, views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("calls/", views.CallListView.as_view(), name="call_list"),
    path("calls/<int:pk>/", views.CallDetailView.as_view(), name="call_detail"),
    path("posts/<int:pk>/", views.PostDetailView.as_view(), name="post_detail"),
    path("posts/<int:pk>/nominate/", submission_views.NominateView.as_view(), name="nominate"),
    path("nominations/", views.NominationListView.as_view(), name="nomination_list"),
    path("nominations/<int:pk>/", views.NominationDetailView.as_view(), name="nomination_detail"),
    path("nominations/<int:pk>/cv/", submission_views.CvUploadView.as_view(), name="cv_upload"),
    path(
        "nominations/<int:pk>/withdraw/",
        submission_views.WithdrawalRequestView.as_view(),
        name="withdrawal_request",
    ),
    path("notes/", views.NoteListView.as_view(), name="note_list"),
    path("notes/<int:pk>/", views.NoteDetailView.as_view(), name="note_detail"),
    path(
        "documents/<int:pk>/download/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path("focal-points/", views.FocalPointsView.as_view(), name="focal_points"),
]
