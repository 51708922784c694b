"""The working groups' pages; included once from ``daihoi.urls``."""

from django.urls import path

from daihoi.workgroups import views

urlpatterns = [
    path("units/<str:code>/workgroups/", views.groups_view, name="workgroups_of_unit"),
    path("units/<str:code>/workgroups/new/", views.group_create_view, name="workgroup_create"),
    path(
        "units/<str:code>/recommendations/",
        views.unit_recommendations_view,
        name="workgroups_unit_recommendations",
    ),
    path("workgroups/<int:pk>/", views.group_view, name="workgroup_detail"),
    path("workgroups/<int:pk>/edit/", views.group_edit_view, name="workgroup_edit"),
    path("workgroups/<int:pk>/members/new/", views.member_add_view, name="workgroup_member_add"),
    path(
        "workgroups/<int:pk>/members/<int:mid>/remove/",
        views.member_remove_view,
        name="workgroup_member_remove",
    ),
    path("workgroups/<int:pk>/units/new/", views.follow_view, name="workgroup_follow"),
    path(
        "workgroups/<int:pk>/units/<int:uid>/remove/",
        views.unfollow_view,
        name="workgroup_unfollow",
    ),
    path("workgroups/<int:pk>/visits/new/", views.visit_create_view, name="workgroup_visit_create"),
    path("workgroups/<int:pk>/visits/<int:vid>/", views.visit_view, name="workgroup_visit"),
    path("workgroups/<int:pk>/attendance/", views.attendance_view, name="workgroup_attendance"),
    path("workgroups/<int:pk>/report.docx", views.report_view, name="workgroup_report"),
    path(
        "recommendations/<int:pk>/answer/",
        views.answer_view,
        name="workgroup_recommendation_answer",
    ),
    path(
        "recommendations/<int:pk>/close/",
        views.close_view,
        name="workgroup_recommendation_close",
    ),
]
