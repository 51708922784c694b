"""The personnel pages; included once from ``daihoi.urls``."""

from django.urls import path

from daihoi.personnel import nomination_views as nv
from daihoi.personnel import views

urlpatterns = [
    path("congresses/<int:pk>/personnel/", views.dossiers_view, name="personnel_dossiers"),
    path(
        "congresses/<int:pk>/personnel/add/", views.dossier_add_view, name="personnel_dossier_add"
    ),
    path(
        "congresses/<int:pk>/personnel/import/",
        views.dossiers_import_view,
        name="personnel_import",
    ),
    path(
        "congresses/<int:pk>/personnel/structure/",
        views.structure_view,
        name="personnel_structure",
    ),
    path("congresses/<int:pk>/personnel/handover/", views.handover_view, name="personnel_handover"),
    path("dossiers/<int:pk>/", views.dossier_view, name="personnel_dossier"),
    path("dossiers/<int:pk>/edit/", views.dossier_edit_view, name="personnel_dossier_edit"),
    path("dossiers/<int:pk>/remove/", views.dossier_remove_view, name="personnel_dossier_remove"),
    path("dossiers/<int:pk>/documents/", views.document_add_view, name="personnel_document_add"),
    path(
        "dossiers/<int:pk>/documents/<int:did>/remove/",
        views.document_remove_view,
        name="personnel_document_remove",
    ),
    path("members/<int:pk>/personnel/", views.person_view, name="personnel_person"),
    path("members/<int:pk>/personnel/terms/", views.term_add_view, name="personnel_term_add"),
    path(
        "members/<int:pk>/personnel/terms/<int:tid>/remove/",
        views.term_remove_view,
        name="personnel_term_remove",
    ),
    path(
        "members/<int:pk>/personnel/export.json",
        views.person_export_view,
        name="personnel_person_export",
    ),
    path("units/<str:code>/personnel-rules/", views.rules_view, name="personnel_rules"),
    # introducing the personnel (docs/nomination.md)
    path("congresses/<int:pk>/nomination/", nv.run_view, name="nomination_run"),
    path("congresses/<int:pk>/nomination/start/", nv.run_start_view, name="nomination_start"),
    path("congresses/<int:pk>/nomination/pool/", nv.pool_view, name="nomination_pool"),
    path(
        "congresses/<int:pk>/nomination/pool/import/",
        nv.pool_import_view,
        name="nomination_pool_import",
    ),
    path(
        "congresses/<int:pk>/nomination/pool/<int:eid>/review/",
        nv.pool_review_view,
        name="nomination_pool_review",
    ),
    path(
        "congresses/<int:pk>/nomination/pool/<int:eid>/remove/",
        nv.pool_remove_view,
        name="nomination_pool_remove",
    ),
    path(
        "congresses/<int:pk>/nomination/handover/",
        nv.handover_view,
        name="nomination_handover",
    ),
    path("congresses/<int:pk>/nomination/steps/<str:code>/", nv.step_view, name="nomination_step"),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/settings/",
        nv.step_settings_view,
        name="nomination_step_settings",
    ),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/open/",
        nv.step_open_view,
        name="nomination_step_open",
    ),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/entry/",
        nv.entry_view,
        name="nomination_entry",
    ),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/entry/close/",
        nv.entry_close_view,
        name="nomination_entry_close",
    ),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/entry/reopen/",
        nv.entry_reopen_view,
        name="nomination_entry_reopen",
    ),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/entry/<int:eid>/remove/",
        nv.entry_remove_view,
        name="nomination_entry_remove",
    ),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/seal/",
        nv.step_seal_view,
        name="nomination_step_seal",
    ),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/ties/",
        nv.step_ties_view,
        name="nomination_step_ties",
    ),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/result/",
        nv.result_view,
        name="nomination_result",
    ),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/details/",
        nv.step_details_view,
        name="nomination_step_details",
    ),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/ballot.pdf",
        nv.step_ballot_view,
        name="nomination_step_ballot",
    ),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/minutes.pdf",
        nv.minutes_pdf_view,
        name="nomination_minutes_pdf",
    ),
    path(
        "congresses/<int:pk>/nomination/steps/<str:code>/minutes.docx",
        nv.minutes_docx_view,
        name="nomination_minutes_docx",
    ),
]
