from django.contrib.auth.views import LogoutView
from django.urls import include, path

from daihoi.accounts import views as accounts
from daihoi.api.urls import api
from daihoi.congresses import views as congresses
from daihoi.elections import counting_views as counting
from daihoi.elections import document_views as documents
from daihoi.elections import views as elections
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
    path(
        "congresses/<int:pk>/elections/new/", elections.election_create_view, name="election_create"
    ),
    path("elections/<int:pk>/", elections.election_detail, name="election_detail"),
    path("elections/<int:pk>/edit/", elections.election_edit, name="election_edit"),
    path("elections/<int:pk>/candidates/", elections.candidate_add_view, name="candidate_add"),
    path(
        "elections/<int:pk>/candidates/import/",
        elections.candidates_import_view,
        name="candidates_import",
    ),
    path(
        "elections/<int:pk>/candidates/delegates/",
        elections.candidates_from_delegates,
        name="candidates_from_delegates",
    ),
    path(
        "elections/<int:pk>/candidates/<int:cid>/remove/",
        elections.candidate_remove_view,
        name="candidate_remove",
    ),
    path(
        "elections/<int:pk>/candidates/<int:cid>/withdraw/",
        elections.candidate_withdraw_view,
        name="candidate_withdraw",
    ),
    path("elections/<int:pk>/deductions/", elections.deduction_add_view, name="deduction_add"),
    path(
        "elections/<int:pk>/deductions/<int:did>/remove/",
        elections.deduction_remove_view,
        name="deduction_remove",
    ),
    path("elections/<int:pk>/list-vote/", elections.list_vote_view, name="list_vote"),
    path("elections/<int:pk>/next-round/", elections.next_round_view, name="election_next_round"),
    path("elections/<int:pk>/election.json", documents.election_file, name="election_file"),
    path(
        "elections/<int:pk>/ballot.pdf", documents.election_ballot_pdf, name="election_ballot_pdf"
    ),
    path(
        "elections/<int:pk>/minutes.pdf",
        documents.election_minutes_pdf,
        name="election_minutes_pdf",
    ),
    path(
        "elections/<int:pk>/minutes.docx",
        documents.election_minutes_docx,
        name="election_minutes_docx",
    ),
    path("elections/<int:pk>/count/", counting.count_home, name="count_home"),
    path(
        "elections/<int:pk>/count/batches/<int:bid>/join/", counting.batch_join, name="batch_join"
    ),
    path("elections/<int:pk>/count/streams/<int:sid>/", counting.stream_entry, name="stream_entry"),
    path(
        "elections/<int:pk>/count/streams/<int:sid>/undo/", counting.stream_undo, name="stream_undo"
    ),
    path(
        "elections/<int:pk>/count/streams/<int:sid>/close/",
        counting.stream_close_view,
        name="stream_close",
    ),
    path("elections/<int:pk>/batches/", counting.batches_view, name="batches"),
    path("elections/<int:pk>/batches/open/", counting.batch_open_view, name="batch_open"),
    path(
        "elections/<int:pk>/batches/<int:bid>/resolve/",
        counting.batch_resolve_view,
        name="batch_resolve",
    ),
    path("elections/<int:pk>/finalise/", counting.finalise_view, name="election_finalise"),
    path("elections/<int:pk>/reopen/", counting.reopen_view, name="election_reopen"),
    path("elections/<int:pk>/result/", counting.result_view, name="election_result"),
    path("api/", api.urls),
]
