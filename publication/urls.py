"""Public URLs of publication: the plan's PDF, feeds, sitemap, robots.txt, favicon and the API."""

from django.urls import include, path

from . import feeds, sitemaps, views

urlpatterns = [
    path("publikace/plan-<int:plan_id>.pdf", views.plan_pdf, name="publication_plan_pdf"),
    path(
        "publikace/plan-<int:plan_id>-<int:publication_id>.pdf",
        views.plan_pdf_version,
        name="publication_plan_pdf_version",
    ),
    path("atom/aktuality/", feeds.NewsFeed(), name="publication_feed_news"),
    path("atom/pripominky/", feeds.ConsultationFeed(), name="publication_feed_consultations"),
    path("atom/jednani/", feeds.MeetingFeed(), name="publication_feed_meetings"),
    path("sitemap.xml", sitemaps.sitemap, name="publication_sitemap"),
    path("robots.txt", views.robots_txt, name="publication_robots"),
    path("favicon.ico", views.favicon, name="publication_favicon"),
    path("api/", include("publication.api.urls")),
]
