from django.urls import path

from safeguard.governance.self_evaluation import views

app_name = "self_evaluation"
urlpatterns = [
    path("", views.evaluations, name="evaluations"),
    path("draft", views.evaluation_start, name="evaluation_start"),
    path("<int:evaluation_id>", views.evaluation, name="evaluation"),
    path("<int:evaluation_id>/edit", views.evaluation_edit, name="evaluation_edit"),
    path("<int:evaluation_id>/versions/<int:version_number>", views.version, name="version"),
    path("<int:evaluation_id>/self-evaluation.docx", views.evaluation_docx, name="evaluation_docx"),
    path("<int:evaluation_id>/self-evaluation.pdf", views.evaluation_pdf, name="evaluation_pdf"),
]
