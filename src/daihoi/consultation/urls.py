"""The consultation pages; included once from ``daihoi.urls``."""

from django.urls import path

from daihoi.consultation import views

urlpatterns = [
    path("congresses/<int:pk>/drafts/", views.congress_drafts, name="consultation_drafts"),
    path(
        "congresses/<int:pk>/drafts/new/",
        views.draft_create_view,
        name="consultation_draft_create",
    ),
    path("drafts/<int:pk>/", views.draft_view, name="consultation_draft"),
    path(
        "drafts/<int:pk>/versions/new/",
        views.version_create_view,
        name="consultation_version_create",
    ),
    path("drafts/<int:pk>/rounds/new/", views.round_create_view, name="consultation_round_create"),
    path("drafts/versions/<int:pk>/", views.version_view, name="consultation_version"),
    path("drafts/versions/<int:pk>/diff/", views.version_diff_view, name="consultation_diff"),
    path("drafts/rounds/<int:pk>/", views.round_view, name="consultation_round"),
    path("drafts/rounds/<int:pk>/close/", views.round_close_view, name="consultation_round_close"),
    path(
        "drafts/rounds/<int:pk>/sections/<int:number>/",
        views.section_view,
        name="consultation_section",
    ),
    path(
        "drafts/rounds/<int:pk>/comments/",
        views.comment_create_view,
        name="consultation_comment_create",
    ),
    path("drafts/rounds/<int:pk>/import/", views.import_view, name="consultation_import"),
    path(
        "drafts/rounds/<int:pk>/aggregate/",
        views.round_aggregate_view,
        name="consultation_aggregate",
    ),
    path("drafts/rounds/<int:pk>/groups/", views.round_groups_view, name="consultation_groups"),
    path(
        "drafts/rounds/<int:pk>/grouping/",
        views.round_grouping_status_view,
        name="consultation_grouping_status",
    ),
    path(
        "drafts/rounds/<int:pk>/report.docx",
        views.report_docx_view,
        name="consultation_report_docx",
    ),
    path(
        "drafts/rounds/<int:pk>/report.pdf", views.report_pdf_view, name="consultation_report_pdf"
    ),
    path(
        "drafts/rounds/<int:pk>/comments.xlsx",
        views.comments_xlsx_view,
        name="consultation_comments_xlsx",
    ),
    path(
        "drafts/comments/<int:pk>/answer/",
        views.comment_answer_view,
        name="consultation_comment_answer",
    ),
]
