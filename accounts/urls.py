from django.urls import path

from . import language, password_reset, views

app_name = "accounts"

urlpatterns = [
    path("invitation/<str:token>/", views.InvitationView.as_view(), name="invitation"),
    path("language/", language.set_language, name="language"),
    path("password-reset/", password_reset.ResetRequestView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        password_reset.ResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/done/",
        password_reset.ResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        password_reset.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
