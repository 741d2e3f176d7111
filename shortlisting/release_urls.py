from django.urls import path

from . import release_views

app_name = "outcomes"

urlpatterns = [
    path("", release_views.OutcomeListView.as_view(), name="list"),
    path("posts/<int:pk>/", release_views.PostOutcomeView.as_view(), name="post"),
]
