from django.urls import path

from safeguard.governance.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.casework_page, name="casework"),
    path("reviews/", views.incidents, name="incidents"),
    path("reviews/incidents.csv", views.incidents_csv, name="incidents_csv"),
    path("reviews/add", views.incident_add, name="incident_add"),
    path("reviews/<int:incident_id>", views.incident, name="incident"),
    path("reviews/<int:incident_id>/change", views.incident_edit, name="incident_edit"),
    path("reviews/<int:incident_id>/step", views.incident_step, name="incident_step"),
    path("reviews/<int:incident_id>/child", views.incident_child, name="incident_child"),
    path("reviews/<int:incident_id>/recommendations", views.recommendation_add, name="recommendation_add"),
    path("reviews/recommendations/<int:recommendation_id>/action", views.recommendation_action, name="recommendation_action"),
]
