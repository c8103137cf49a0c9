"""Public URLs of the implementation app (Czech paths under /plneni/)."""

from django.urls import path

from .views import public

urlpatterns = [
    path("plneni/schema/<slug:name>.json", public.schema_file, name="implementation_schema"),
    path("plneni/<int:plan_id>/", public.overview, name="implementation_overview"),
    path("plneni/<int:plan_id>/zprava/<int:year>/", public.report_page, name="implementation_report"),
    path("plneni/<int:plan_id>/zprava/<int:year>.pdf", public.report_pdf, name="implementation_report_pdf"),
    path("plneni/<int:plan_id>/zasobnik/", public.pool, name="implementation_pool"),
    path("plneni/<int:plan_id>/zasobnik/navrh/", public.pool_form, name="implementation_pool_form"),
    path("plneni/<int:plan_id>/zasobnik/dekujeme/", public.pool_thanks, name="implementation_pool_thanks"),
    path("plneni/<int:plan_id>/verze/", public.version_list, name="implementation_versions"),
    path("plneni/<int:plan_id>/verze/<int:other_id>/", public.version_diff, name="implementation_diff"),
    path("plneni/<int:plan_id>/data/", public.open_data, name="implementation_open_data"),
    path("plneni/<int:plan_id>/data/<slug:name>.<str:fmt>", public.dataset, name="implementation_dataset"),
]
