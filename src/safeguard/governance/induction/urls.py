from django.urls import path

from safeguard.governance.induction import views

app_name = "induction"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("briefings.csv", views.briefings_csv, name="briefings_csv"),
    path("briefings/record", views.delivery_add, name="delivery_add"),
    path("briefings/<int:delivery_id>", views.delivery, name="delivery"),
    path("induction/start", views.plan_start, name="plan_start"),
    path("induction/<int:induction_plan_id>", views.plan, name="plan"),
    path("induction/<int:induction_plan_id>/items/<slug:induction_item_id>", views.step_edit, name="step_edit"),
    path("induction/<int:induction_plan_id>/step", views.plan_step, name="plan_step"),
    path("induction/<int:induction_plan_id>/re-date", views.plan_redate, name="plan_redate"),
]
