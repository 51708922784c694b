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
    path("congresses/<int:pk>/", congresses.congress_detail, name="congress_detail"),
    path("congresses/<int:pk>/status/", congresses.congress_status, name="congress_status"),
    path("api/", api.urls),
]
