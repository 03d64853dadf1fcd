from django.urls import path

from safeguard.governance.briefings import views

app_name = "briefings"
urlpatterns = [
    path("", views.briefings, name="briefings"),
    path("briefings.csv", views.briefings_csv, name="briefings_csv"),
    path("add", views.briefing_add, name="briefing_add"),
    path("<int:briefing_id>", views.briefing, name="briefing"),
    path("<int:briefing_id>/change", views.briefing_edit, name="briefing_edit"),
    path("<int:briefing_id>/step", views.briefing_step, name="briefing_step"),
    path("<int:briefing_id>/child", views.briefing_child, name="briefing_child"),
    path("notices/<int:notice_id>/acknowledge", views.acknowledge, name="acknowledge"),
]
