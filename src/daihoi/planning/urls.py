"""The planning pages; included once from ``daihoi.urls``."""

from django.urls import path

from daihoi.planning import station_views, views

urlpatterns = [
    path("units/<str:code>/documents/", views.documents_view, name="planning_documents"),
    path(
        "units/<str:code>/documents/new/",
        views.document_create_view,
        name="planning_document_create",
    ),
    path("units/<str:code>/calendar/", views.calendar_view, name="planning_calendar"),
    path(
        "units/<str:code>/calendar/export/",
        views.calendar_export_view,
        name="planning_calendar_export",
    ),
    path("exports/<int:pk>/", views.export_view, name="planning_export"),
    path("exports/<int:pk>/status/", views.export_status_view, name="planning_export_status"),
    path("exports/<int:pk>/file/", views.export_file_view, name="planning_export_file"),
    path("units/<str:code>/dashboard/", views.dashboard_view, name="planning_dashboard"),
    path("units/<str:code>/reports/", views.reports_view, name="planning_reports"),
    path(
        "units/<str:code>/reports/approve/",
        views.reports_approve_view,
        name="planning_reports_approve",
    ),
    path(
        "units/<str:code>/reports/import/",
        views.reports_import_view,
        name="planning_reports_import",
    ),
    path("units/<str:code>/stations/", station_views.stations_view, name="planning_stations"),
    path(
        "units/<str:code>/stations/register/",
        station_views.station_register_view,
        name="planning_station_register",
    ),
    path(
        "units/<str:code>/stations/<int:kid>/withdraw/",
        station_views.station_withdraw_view,
        name="planning_station_withdraw",
    ),
    path(
        "units/<str:code>/disputes/<int:did>/",
        station_views.dispute_view,
        name="planning_dispute",
    ),
    path(
        "units/<str:code>/disputes/<int:did>/resolve/",
        station_views.dispute_resolve_view,
        name="planning_dispute_resolve",
    ),
    path("documents/<int:pk>/", views.document_view, name="planning_document"),
    path("documents/<int:pk>/edit/", views.document_edit_view, name="planning_document_edit"),
    path("documents/<int:pk>/delete/", views.document_delete_view, name="planning_document_delete"),
    path("documents/<int:pk>/file/", views.document_file_view, name="planning_document_file"),
    path("documents/<int:pk>/milestones/", views.milestone_add_view, name="planning_milestone_add"),
    path(
        "documents/<int:pk>/milestones/<int:mid>/remove/",
        views.milestone_remove_view,
        name="planning_milestone_remove",
    ),
    path(
        "documents/<int:pk>/dissemination/<str:code>/",
        views.dissemination_record_view,
        name="planning_dissemination_record",
    ),
    path(
        "documents/<int:pk>/coverage/<str:code>/",
        views.dissemination_coverage_view,
        name="planning_dissemination_coverage",
    ),
    path("congresses/<int:pk>/report/", views.report_view, name="planning_report"),
    path(
        "congresses/<int:pk>/report/start/", views.report_start_view, name="planning_report_start"
    ),
    path("congresses/<int:pk>/report/note/", views.report_note_view, name="planning_report_note"),
    path("congresses/<int:pk>/report/people/", views.person_add_view, name="planning_person_add"),
    path(
        "congresses/<int:pk>/report/people/<int:pid>/",
        views.person_edit_view,
        name="planning_person_edit",
    ),
    path(
        "congresses/<int:pk>/report/people/<int:pid>/remove/",
        views.person_remove_view,
        name="planning_person_remove",
    ),
    path(
        "congresses/<int:pk>/report/package/",
        views.report_package_view,
        name="planning_report_package",
    ),
    path(
        "congresses/<int:pk>/report/packages/<int:rid>/",
        views.report_attach_view,
        name="planning_report_attach",
    ),
    path(
        "congresses/<int:pk>/report/submit/",
        views.report_submit_view,
        name="planning_report_submit",
    ),
    path(
        "congresses/<int:pk>/report/approve/",
        views.report_approve_view,
        name="planning_report_approve",
    ),
    path(
        "congresses/<int:pk>/report/return/",
        views.report_return_view,
        name="planning_report_return",
    ),
]
