from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("people/<int:pk>/everything-we-hold/", views.subject_access, name="subject_access"),
    path("people/<int:pk>/keeping-their-records/", views.records, name="records"),
    path("people/<int:pk>/legal-hold/", views.place_hold, name="place_legal_hold"),
    path("people/<int:pk>/legal-hold/lift/", views.lift_hold, name="lift_legal_hold"),
    path("people/<int:pk>/erase/", views.erase, name="erase"),
    path("records-due/", views.records_due, name="records_due"),
]
