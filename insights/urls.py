from django.urls import path

from insights import views, views_commissioning, views_report, views_themes

app_name = "insights"
urlpatterns = [
    path("", views.overview, name="area"),
    path("csv/<slug:table>/", views.table_csv, name="area_csv"),
    path("you-said-we-did/", views_commissioning.you_said_we_did, name="you_said_we_did"),
    path("you-said-we-did/add/", views_commissioning.add_action, name="add_commissioning_action"),
    path("you-said-we-did/<int:pk>/", views_commissioning.change_action, name="change_commissioning_action"),
]
# Themes: the planning lead's list and how often suggestions were accepted; a review's themes page,
# where professionals in the circle tag what was said.
urlpatterns += [
    path("themes/", views_themes.theme_list, name="themes"),
    path("themes/add/", views_themes.add_theme, name="add_theme"),
    path("themes/<int:pk>/", views_themes.change_theme, name="change_theme"),
    path("themes/<int:pk>/move/", views_themes.move_theme, name="move_theme"),
    path("themes/<int:pk>/retire/", views_themes.retire_theme, name="retire_theme"),
    path("themes/<int:pk>/restore/", views_themes.restore_theme, name="restore_theme"),
    path("reviews/<int:pk>/themes/", views_themes.review_themes, name="review_themes"),
]
# The six-monthly report to the Partnership Board.
urlpatterns += [
    path("board-reports/", views_report.board_reports, name="board_reports"),
    path("board-reports/publish/", views_report.publish, name="publish_board_report"),
    path("board-reports/<int:pk>/", views_report.board_report, name="board_report"),
    path("board-reports/<int:pk>/report.pdf", views_report.board_report_pdf, name="board_report_pdf"),
    path("board-reports/<int:pk>/report.docx", views_report.board_report_docx, name="board_report_docx"),
]
