from django.urls import path

from safeguard.governance.partnership import views

app_name = "partnership"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("agencies/add", views.agency_add, name="agency_add"),
    path("agencies/<int:agency_id>", views.agency, name="agency"),
    path("agencies/<int:agency_id>/members/add", views.member_add, name="member_add"),
    path("agencies/<int:agency_id>/contribution", views.contribution, name="contribution"),
    path("members/<int:member_id>", views.member, name="member"),
    path("sub-groups/add", views.sub_group_add, name="sub_group_add"),
    path("sub-groups/<int:sub_group_id>", views.sub_group, name="sub_group"),
    path("meetings/add", views.meeting_add, name="meeting_add"),
    path("meetings/<int:meeting_id>", views.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/step", views.meeting_step, name="meeting_step"),
    path("work/add", views.work_add, name="work_add"),
    path("work/<int:work_id>", views.work, name="work"),
    path("work/<int:work_id>/step", views.work_step, name="work_step"),
    path("section-11/add", views.audit_add, name="audit_add"),
    path("section-11/<int:audit_id>", views.audit, name="audit"),
    path("section-11/<int:audit_id>/step", views.audit_step, name="audit_step"),
    path("escalations/add", views.escalation_add, name="escalation_add"),
    path("escalations/<int:escalation_id>", views.escalation, name="escalation"),
    path("escalations/<int:escalation_id>/step", views.escalation_step, name="escalation_step"),
]
