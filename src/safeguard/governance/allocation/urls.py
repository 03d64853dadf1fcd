from django.urls import path

from safeguard.governance.allocation import views

app_name = "allocation"
urlpatterns = [
    path("", views.workforce, name="workforce"),
    path("allocate", views.allocate, name="allocate"),
    path("decisions", views.decisions, name="decisions"),
    path("decisions/<int:decision_id>", views.decision, name="decision"),
]
