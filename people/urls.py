from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("people/add/", views.add, name="add"),
    path("people/<int:pk>/", views.detail, name="detail"),
    path("people/<int:pk>/edit/", views.edit, name="edit"),
    path("people/<int:pk>/circle/", views.circle, name="circle"),
    path("people/<int:pk>/circle/invite/", views.invite, name="invite"),
    path("people/<int:pk>/history/", views.history, name="history"),
    path("invitations/<int:pk>/cancel/", views.revoke_invitation, name="revoke_invitation"),
    path("invitations/<int:pk>/resend/", views.resend_invitation, name="resend_invitation"),
    path("join/<str:token>/", views.join, name="join"),
]
