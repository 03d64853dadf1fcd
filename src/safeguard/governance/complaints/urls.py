from django.urls import path

from safeguard.governance.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.complaints, name="complaints"),
    path("complaints.csv", views.complaints_csv, name="complaints_csv"),
    path("add", views.complaint_add, name="complaint_add"),
    path("summary", views.summary, name="summary"),
    path("summary.csv", views.summary_csv, name="summary_csv"),
    path("<int:complaint_id>", views.complaint, name="complaint"),
    path("<int:complaint_id>/change", views.complaint_edit, name="complaint_edit"),
    path("<int:complaint_id>/step", views.complaint_step, name="complaint_step"),
    path("<int:complaint_id>/action", views.complaint_action, name="complaint_action"),
    path("compliments/add", views.compliment_add, name="compliment_add"),
    path("compliments/<int:compliment_id>", views.compliment, name="compliment"),
]
