from django.urls import path

from safeguard.governance.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.cycles, name="cycles"),
    path("start", views.cycle_start, name="cycle_start"),
    path("<int:cycle_id>", views.cycle, name="cycle"),
    path("<int:cycle_id>/change", views.cycle_edit, name="cycle_edit"),
    path("<int:cycle_id>/factors/<slug:factor_id>", views.factor_edit, name="factor_edit"),
    path("<int:cycle_id>/step", views.cycle_step, name="cycle_step"),
    path("<int:cycle_id>/documents", views.document_add, name="document_add"),
    path("<int:cycle_id>/comments", views.comment_add, name="comment_add"),
    path("documents/<int:assessment_document_id>", views.document, name="document"),
    path("comments/<int:assessment_comment_id>", views.comment_edit, name="comment_edit"),
]
