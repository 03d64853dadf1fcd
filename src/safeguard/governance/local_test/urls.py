from django.urls import path

from safeguard.governance.local_test import views

app_name = "local_test"
urlpatterns = [
    path("", views.tests, name="tests"),
    path("start", views.test_start, name="test_start"),
    path("<int:local_test_id>", views.test, name="test"),
    path("<int:local_test_id>/change", views.test_edit, name="test_edit"),
    path("<int:local_test_id>/considerations/<slug:consideration_id>", views.item_edit, name="item_edit"),
    path("<int:local_test_id>/step", views.test_step, name="test_step"),
    path("<int:local_test_id>/print", views.test_print, name="test_print"),
    path("<int:local_test_id>/local-test-of-assurance.pdf", views.test_pdf, name="test_pdf"),
]
