from django.urls import path

from . import (
    call_issue,
    calls,
    chase,
    dashboard,
    focal_points,
    intake_views,
    lists,
    nomination_views,
    outbox,
    transitions,
    views,
    withdrawal_views,
)

app_name = "workbench"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # calls-ui
    path("calls/new/", calls.CallFormView.as_view(), name="call_create"),
    path("calls/<int:pk>/edit/", calls.CallFormView.as_view(), name="call_edit"),
    path("calls/<int:pk>/issue/", call_issue.CallIssueView.as_view(), name="call_issue"),
    path("calls/<int:call_pk>/posts/new/", calls.PostFormView.as_view(), name="post_create"),
    path("posts/<int:pk>/", calls.PostDetailView.as_view(), name="post_detail"),
    path("posts/<int:pk>/edit/", calls.PostFormView.as_view(), name="post_edit"),
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
    path("notes/new/", intake_views.NoteLogView.as_view(), name="note_log"),
    path(
        "nominations/<int:pk>/",
        nomination_views.NominationDetailView.as_view(),
        name="nomination_detail",
    ),
    path(
        "nominations/<int:pk>/documents/",
        nomination_views.NominationUploadView.as_view(),
        name="nomination_upload",
    ),
    path(
        "documents/<int:pk>/download/",
        nomination_views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path("nominations/", lists.NominationListView.as_view(), name="nomination_list"),
    path("nominations/export/", lists.NominationExportView.as_view(), name="nomination_export"),
    path("notes/", lists.NoteListView.as_view(), name="note_list"),
    path("notes/export/", lists.NoteExportView.as_view(), name="note_export"),
    path("calls/<int:pk>/", dashboard.CallDashboardView.as_view(), name="call_dashboard"),
    path("outbox/", outbox.OutboxView.as_view(), name="outbox"),
    path("outbox/<int:pk>/send-again/", outbox.SendAgainView.as_view(), name="outbox_send_again"),
    path("outbox/<int:pk>/mark-sent/", outbox.MarkSentView.as_view(), name="outbox_mark_sent"),
    path(
        "withdrawal-requests/",
        withdrawal_views.WithdrawalRequestListView.as_view(),
        name="withdrawal_list",
    ),
    path(
        "withdrawal-requests/<int:pk>/complete/",
        withdrawal_views.CompleteWithdrawalView.as_view(),
        name="withdrawal_complete",
    ),
    path(
        "withdrawal-requests/<int:pk>/decline/",
        withdrawal_views.DeclineWithdrawalView.as_view(),
        name="withdrawal_decline",
    ),
    path("calls/<int:pk>/chase/", chase.ChaseView.as_view(), name="call_chase"),
    path("focal-points/", focal_points.FocalPointListView.as_view(), name="focal_points"),
    path("focal-points/invite/", focal_points.InviteView.as_view(), name="focal_point_invite"),
    path(
        "focal-points/<int:pk>/<slug:action>/",
        focal_points.AccountActionView.as_view(),
        name="focal_point_action",
    ),
]
