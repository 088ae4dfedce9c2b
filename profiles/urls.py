from django.urls import path

from profiles.views import documents, editor, me, photo, sharing, versions

app_name = "profiles"
urlpatterns = [
    # Writing it: the author changes statements one at a time; others suggest.
    path("people/<int:pk>/profile/", editor.workspace, name="edit"),
    path("people/<int:pk>/profile/add/", editor.add_statement, name="add_statement"),
    path("profile-statements/<int:pk>/change/", editor.change_statement, name="change_statement"),
    path("profile-statements/<int:pk>/remove/", editor.remove_statement, name="remove_statement"),
    path("profile-statements/<int:pk>/move/", editor.move_statement, name="move_statement"),
    path("people/<int:pk>/profile/suggest/", editor.suggest, name="suggest"),
    path("profile-suggestions/<int:pk>/decide/", editor.decide_suggestion, name="decide_suggestion"),
    path("profile-suggestions/<int:pk>/withdraw/", editor.withdraw_suggestion, name="withdraw_suggestion"),
    path("people/<int:pk>/profile/publish/", editor.publish, name="publish"),
    # "Me" mode: large text, one heading at a time, sentence starters, pictures, read aloud.
    path("people/<int:pk>/profile/me/", me.start, name="me"),
    path("people/<int:pk>/profile/me/<str:heading>/", me.heading, name="me_heading"),
    # Keeping it alive: every published version, and any two compared.
    path("people/<int:pk>/profile/versions/", versions.versions, name="versions"),
    path("people/<int:pk>/profile/versions/compare/", versions.compare, name="compare"),
    path("people/<int:pk>/profile/versions/<int:number>/", versions.version, name="version"),
    # Sharing it: one-page PDF, printable page, Word.
    path("people/<int:pk>/profile/one-page.pdf", documents.pdf, name="pdf"),
    path("people/<int:pk>/profile/print/", documents.printable, name="print"),
    path("people/<int:pk>/profile/one-page.docx", documents.docx, name="docx"),
    # The photo, shown only to the circle.
    path("people/<int:pk>/profile/photo/", photo.change, name="photo"),
    path("people/<int:pk>/profile/photo.jpg", photo.image, name="photo_image"),
    # Read-only share links for a named recipient.
    path("people/<int:pk>/profile/sharing/", sharing.links, name="sharing"),
    path("profile-share-links/<int:pk>/revoke/", sharing.revoke, name="revoke_share_link"),
    path("shared/<str:token>/", sharing.shared, name="shared"),
    path("shared/<str:token>/one-page.pdf", sharing.shared_pdf, name="shared_pdf"),
    path("shared/<str:token>/photo.jpg", sharing.shared_photo, name="shared_photo"),
]
