from django.urls import path

from safeguard.governance.warning_owners import views

app_name = "warning_owners"
urlpatterns = [
    path("<int:warning_id>/challenge", views.challenge, name="challenge"),
    path("<int:warning_id>/action", views.action, name="action"),
]
