from django.urls import path

from safeguard.governance.sharing import views

app_name = "sharing"
urlpatterns = [
    path("agreements", views.agreements, name="agreements"),
    path("agreements/add", views.agreement_add, name="agreement_add"),
    path("agreements/<int:agreement_id>", views.agreement, name="agreement"),
    path("agreements/<int:agreement_id>/step", views.agreement_step, name="agreement_step"),
    path("shared", views.shared, name="shared"),
    path("shared/<int:agreement_id>/<str:granted_list>", views.shared_list, name="shared_list"),
    path("emergency", views.emergency_open, name="emergency_open"),
    path("emergency/<int:emergency_id>/child", views.emergency_child, name="emergency_child"),
    path("emergencies", views.emergencies, name="emergencies"),
    path("emergencies/<int:emergency_id>", views.emergency, name="emergency"),
]
