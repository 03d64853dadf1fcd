from django.urls import path

from safeguard.governance.child_deaths import views

app_name = "child_deaths"
urlpatterns = [
    path("", views.reviews, name="reviews"),
    path("learning", views.learning, name="learning"),
    path("add", views.review_add, name="review_add"),
    path("<int:child_death_id>", views.review, name="review"),
    path("<int:child_death_id>/change", views.review_edit, name="review_edit"),
    path("<int:child_death_id>/step", views.review_step, name="review_step"),
    path("<int:child_death_id>/child", views.review_child, name="review_child"),
    path("<int:child_death_id>/action", views.review_action, name="review_action"),
]
