from django.urls import path

from . import lists, views

app_name = "workbench"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("nominations/", lists.NominationListView.as_view(), name="nomination_list"),
    path("nominations/export/", lists.NominationExportView.as_view(), name="nomination_export"),
    path("notes/", lists.NoteListView.as_view(), name="note_list"),
    path("notes/export/", lists.NoteExportView.as_view(), name="note_export"),
]
