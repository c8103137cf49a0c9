"""Admin URLs of the review part, mounted under the Wagtail admin by wagtail_hooks."""

from django.urls import path

from workflows.review import admin_lists, views

app_name = "workflows_review"
urlpatterns = [
    path("plans/", admin_lists.PlanIndexView.as_view(), name="plan_index"),
    path("plans/results/", admin_lists.PlanIndexView.as_view(results_only=True), name="plan_index_results"),
    path("plan/<int:plan_id>/", admin_lists.PlanMatrixView.as_view(), name="plan_matrix"),
    path(
        "plan/<int:plan_id>/results/",
        admin_lists.PlanMatrixView.as_view(results_only=True),
        name="plan_matrix_results",
    ),
    path("plan/<int:plan_id>/submit/", views.submit_plan, name="submit_plan"),
    path("plan/<int:plan_id>/archive/", views.change_plan_archive, {"archive": True}, name="archive_plan"),
    path("plan/<int:plan_id>/restore/", views.change_plan_archive, {"archive": False}, name="restore_plan"),
    path("page/<int:page_id>/", views.chapter_review, name="chapter_review"),
    path("page/<int:page_id>/conflict/", views.conflict, name="conflict"),
]
