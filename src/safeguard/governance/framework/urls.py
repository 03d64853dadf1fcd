"""The framework's pages; each route's permissions are in ``safeguard.web.access.policy.ROUTES``."""

from django.urls import path

from safeguard.governance.framework import views

app_name = "framework"

urlpatterns = [
    path("framework", views.framework, name="framework"),
    path("framework.csv", views.framework_csv, name="framework_csv"),
    path("framework/questions/add", views.question_add, name="question_add"),
    path("framework/questions/<int:question_id>", views.question, name="question"),
]
