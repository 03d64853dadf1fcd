from django.urls import path

from safeguard.governance.disagreements import views

app_name = "disagreements"
urlpatterns = [
    path("", views.disagreements, name="disagreements"),
    path("disagreements.csv", views.disagreements_csv, name="disagreements_csv"),
    path("raise", views.disagreement_raise, name="disagreement_raise"),
    path("summary", views.summary, name="summary"),
    path("summary.csv", views.summary_csv, name="summary_csv"),
    path("agencies", views.agencies, name="agencies"),
    path("<int:disagreement_id>", views.disagreement, name="disagreement"),
    path("<int:disagreement_id>/change", views.disagreement_edit, name="disagreement_edit"),
    path("<int:disagreement_id>/step", views.disagreement_step, name="disagreement_step"),
    path("<int:disagreement_id>/discussions", views.discussion_add, name="discussion_add"),
    path("<int:disagreement_id>/child", views.disagreement_child, name="disagreement_child"),
]
