from django.urls import path

from people import views, views_consent

app_name = "people"
urlpatterns = [
    path("people/add/", views.add, name="add"),
    path("people/<int:pk>/", views.detail, name="detail"),
    path("people/<int:pk>/edit/", views.edit, name="edit"),
    path("people/<int:pk>/circle/", views.circle, name="circle"),
    path("people/<int:pk>/circle/invite/", views.invite, name="invite"),
    path("people/<int:pk>/history/", views.history, name="history"),
    path("people/<int:pk>/details/changes/", views.details_history, name="details_history"),
    path("people/<int:pk>/consent/", views_consent.consent_page, name="consent"),
    path("people/<int:pk>/consent/basis/", views_consent.record_basis, name="record_basis"),
    path("people/<int:pk>/consent/who-keeps-access/", views_consent.confirm_access, name="confirm_access"),
    path("people/<int:pk>/consent/capacity/", views_consent.capacity, name="capacity"),
    path("people/<int:pk>/consent/capacity/can-decide/", views_consent.can_decide_again, name="can_decide_again"),
    path("circle-members/<int:pk>/access/", views_consent.member_access, name="member_access"),
    path("invitations/<int:pk>/cancel/", views.revoke_invitation, name="revoke_invitation"),
    path("invitations/<int:pk>/resend/", views.resend_invitation, name="resend_invitation"),
    path("join/<str:token>/", views.join, name="join"),
]
