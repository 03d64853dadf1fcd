from django.urls import path

from safeguard.governance.plan import views

app_name = "plan"
urlpatterns = [
    path("", views.actions, name="actions"),
    path("plan.csv", views.actions_csv, name="actions_csv"),
    path("add", views.action_add, name="action_add"),
    path("<int:action_id>", views.action, name="action"),
    path("<int:action_id>/change", views.action_edit, name="action_edit"),
    path("<int:action_id>/step", views.action_step, name="action_step"),
    path("<int:action_id>/note", views.action_note, name="action_note"),
]
