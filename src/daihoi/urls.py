from django.contrib.auth.views import LogoutView
from django.urls import include, path

from daihoi.accounts import views as accounts
from daihoi.api.urls import api
from daihoi.congresses import views as congresses
from daihoi.organizations import views as organizations

urlpatterns = [
    path("", accounts.home, name="home"),
    path("login/", accounts.login_view, name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("units/<str:code>/", organizations.unit_detail, name="unit_detail"),
    path("units/<str:code>/search/", organizations.unit_search_view, name="unit_search"),
    path("units/<str:code>/congresses/", organizations.unit_congresses, name="unit_congresses"),
    path("units/<str:code>/import/", organizations.unit_import, name="unit_import"),
    path("units/<str:code>/edit/", organizations.unit_edit, name="unit_edit"),
    path("units/<str:code>/new/", organizations.unit_create_child, name="unit_create_child"),
    path("units/<str:code>/dissolve/", organizations.unit_dissolve_view, name="unit_dissolve"),
    path("units/<str:code>/roles/", accounts.unit_roles, name="unit_roles"),
    path(
        "units/<str:code>/roles/<int:grant_id>/revoke/",
        accounts.unit_role_revoke_view,
        name="unit_role_revoke",
    ),
    path("units/<str:code>/congress/new/", congresses.congress_create_view, name="congress_create"),
    path("congresses/<int:pk>/", congresses.congress_detail, name="congress_detail"),
    path("congresses/<int:pk>/status/", congresses.congress_status, name="congress_status"),
    path("congresses/<int:pk>/edit/", congresses.congress_edit, name="congress_edit"),
    path("api/", api.urls),
]
