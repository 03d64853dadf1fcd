from django.urls import path

from safeguard.governance.inspection import views

app_name = "inspection"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("grades.csv", views.grades_csv, name="grades_csv"),
    path("readiness", views.readiness_page, name="readiness"),
    path("readiness/<slug:readiness_item_id>", views.readiness_item, name="readiness_item"),
    path("history", views.inspections, name="inspections"),
    path("history/add", views.inspection_add, name="inspection_add"),
    path("history/<int:inspection_id>", views.inspection, name="inspection"),
    path("history/<int:inspection_id>/change", views.inspection_edit, name="inspection_edit"),
    path("history/<int:inspection_id>/recommendations", views.recommendation_add, name="recommendation_add"),
    path("recommendations/<int:inspection_recommendation_id>/action", views.recommendation_action, name="recommendation_action"),
]
