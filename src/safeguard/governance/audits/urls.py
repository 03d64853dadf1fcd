from django.urls import path

from safeguard.governance.audits import views

app_name = "audits"
urlpatterns = [
    path("", views.programmes, name="programmes"),
    path("add", views.programme_add, name="programme_add"),
    path("results", views.results, name="results"),
    path("results.csv", views.results_csv, name="results_csv"),
    path("<int:programme_id>", views.programme, name="programme"),
    path("<int:programme_id>/step", views.programme_step, name="programme_step"),
    path("<int:programme_id>/action", views.raise_action, name="raise_action"),
    path("cases/<int:case_id>", views.case, name="case"),
    path("cases/<int:case_id>/child", views.case_child, name="case_child"),
    path("cases/<int:case_id>/assign", views.case_assign, name="case_assign"),
    path("cases/<int:case_id>/audit", views.case_record, name="case_record"),
    path("cases/<int:case_id>/step", views.case_step, name="case_step"),
    path("cases/<int:case_id>/moderate", views.case_moderate, name="case_moderate"),
]
