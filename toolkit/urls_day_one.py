"""Day 1, the review: walking the pathway, the live matrix and the report of the day."""

from django.urls import path

from toolkit import views_day_one as views

urlpatterns = [
    path("in/<str:code>/day-1/", views.walk, name="walk"),
    path("<int:pk>/day-1/", views.matrix_page, name="matrix"),
    path("groups/<int:pk>/day-1/", views.type_for_group, name="type_for_group"),
    path("findings/<int:pk>/", views.change_finding, name="change_finding"),
    path("findings/<int:pk>/remove/", views.remove_finding, name="remove_finding"),
    path("<int:pk>/day-1/report/", views.day_one_report, name="day_one_report"),
    path("<int:pk>/day-1/report.pdf", views.day_one_report_pdf, name="day_one_report_pdf"),
    path("<int:pk>/day-1/report.docx", views.day_one_report_docx, name="day_one_report_docx"),
]
