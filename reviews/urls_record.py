"""The record of a review: signing it off, reading it (web page, PDF, Word), and its amendments."""

from django.urls import path

from reviews import views_record

urlpatterns = [
    path("reviews/<int:pk>/sign-off/", views_record.sign_off, name="sign_off"),
    path("reviews/<int:pk>/record/", views_record.record, name="record"),
    path("reviews/<int:pk>/record/pdf/", views_record.record_pdf, name="record_pdf"),
    path("reviews/<int:pk>/record/word/", views_record.record_docx, name="record_docx"),
    path("reviews/<int:pk>/record/amendments/", views_record.add_amendment, name="add_amendment"),
    path("reviews/<int:pk>/record/section-a/", views_record.section_a, name="section_a"),
    path("reviews/<int:pk>/record/section-a/word/", views_record.section_a_docx, name="section_a_docx"),
]
