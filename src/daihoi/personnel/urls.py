"""The personnel pages; included once from ``daihoi.urls``."""

from django.urls import path

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
]
