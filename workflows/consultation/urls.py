"""URLs of the consultation part (public, Czech paths)."""

from django.urls import path

from . import views

urlpatterns = [
    path("pripominky/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("pripominky/<int:pk>/kapitola/<int:chapter_pk>/", views.consultation_chapter, name="consultation_chapter"),
    path("pripominky/<int:pk>/pripominka/", views.comment_form, name="consultation_comment"),
    path("pripominky/<int:pk>/dekujeme/", views.comment_thanks, name="consultation_comment_thanks"),
    path("pripominky/<int:pk>/vyporadani/", views.settlement_table, name="consultation_settlement"),
    path("pripominky/<int:pk>/vyporadani.xlsx", views.settlement_xlsx, name="consultation_settlement_xlsx"),
    path("pripominky/<int:pk>/vyporadani.pdf", views.settlement_pdf, name="consultation_settlement_pdf"),
]
