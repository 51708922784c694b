"""The target pages; included once from ``daihoi.urls``."""

from django.urls import path

from daihoi.targets import views

urlpatterns = [
    path("units/<str:code>/targets/", views.targets_index, name="targets_index"),
    path("units/<str:code>/targets/<int:term>/", views.targets_review, name="targets_review"),
    path("units/<str:code>/targets/<int:term>/new/", views.target_create, name="target_create"),
    path(
        "units/<str:code>/targets/<int:term>/import/",
        views.targets_import_view,
        name="targets_import",
    ),
    path("units/<str:code>/targets/<int:term>/carry/", views.drafts_carry, name="targets_carry"),
    path(
        "units/<str:code>/targets/<int:term>/review.docx", views.targets_docx, name="targets_docx"
    ),
    path(
        "units/<str:code>/targets/<int:term>/review.xlsx", views.targets_xlsx, name="targets_xlsx"
    ),
    path("congresses/<int:pk>/targets/", views.targets_congress, name="targets_congress"),
    path("targets/<int:pk>/", views.target_detail, name="target_detail"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path("targets/<int:pk>/actuals/", views.actual_set, name="target_actual_set"),
    path(
        "targets/<int:pk>/actuals/<int:year>/remove/",
        views.actual_remove,
        name="target_actual_remove",
    ),
    path("targets/<int:pk>/approve/", views.draft_approve, name="target_draft_approve"),
]
