"""Admin URLs of the review part, mounted under the Wagtail admin by wagtail_hooks."""

from django.urls import path

from workflows.review import views

app_name = "workflows_review"
urlpatterns = [
    path("plans/", views.plan_index, name="plan_index"),
    path("plan/<int:plan_id>/", views.plan_matrix, name="plan_matrix"),
    path("plan/<int:plan_id>/submit/", views.submit_plan, name="submit_plan"),
    path("page/<int:page_id>/", views.chapter_review, name="chapter_review"),
    path("page/<int:page_id>/conflict/", views.conflict, name="conflict"),
]
