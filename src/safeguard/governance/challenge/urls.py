from django.urls import path

from safeguard.governance.challenge import views

app_name = "challenge"
urlpatterns = [
    path("", views.log, name="log"),
    path("challenges.csv", views.log_csv, name="log_csv"),
    path("raise", views.raise_challenge, name="raise"),
    path("<int:challenge_id>", views.challenge, name="challenge"),
    path("<int:challenge_id>/assign", views.assign, name="assign"),
    path("<int:challenge_id>/step", views.step, name="step"),
]
