from django.contrib.auth.views import LogoutView
from django.urls import include, path

from daihoi.accounts import twofactor_views as twofactor
from daihoi.accounts import views as accounts
from daihoi.api.urls import api, api_v1
from daihoi.archive import views as archive
from daihoi.congresses import ballot_views as ballot
from daihoi.congresses import hall_views as hall
from daihoi.congresses import role_views as congress_roles
from daihoi.congresses import speech_views
from daihoi.congresses import unit_views as start
from daihoi.congresses import views as congresses
from daihoi.elections import counting_views as counting
from daihoi.elections import document_views as documents
from daihoi.elections import scan_import_views as scan_imports
from daihoi.elections import scan_views as scans
from daihoi.elections import testrun_views as testrun
from daihoi.elections import views as elections
from daihoi.health import health
from daihoi.organizations import role_views as unit_roles
from daihoi.organizations import views as organizations

urlpatterns = [
    # The delegates' phones first: 2,000 of them post within seconds, and each
    # pattern tried before theirs costs every one of those requests.
    path("v/<str:token>/", ballot.ballot_pass, name="ballot_pass"),
    path("v/<str:token>/live/", ballot.ballot_live, name="ballot_live"),
    path("v/<str:token>/votes/<int:vid>/", ballot.ballot_cast, name="ballot_cast"),
    path("v/<str:token>/speech/", speech_views.ballot_speech, name="ballot_speech"),
    path("", start.home, name="home"),
    path("health/", health, name="health"),
    path("login/", accounts.login_view, name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("account/api-tokens/", accounts.api_tokens_view, name="api_tokens"),
    path("account/two-factor/", twofactor.two_factor_view, name="two_factor"),
    path("account/two-factor/verify/", twofactor.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/enrol/", twofactor.two_factor_enrol, name="two_factor_enrol"),
    path(
        "account/two-factor/reset-user/",
        twofactor.two_factor_admin_reset,
        name="two_factor_admin_reset",
    ),
    path(
        "account/api-tokens/<int:tid>/revoke/",
        accounts.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("units/<str:code>/", start.unit_detail, name="unit_detail"),
    path("units/<str:code>/search/", organizations.unit_search_view, name="unit_search"),
    path("units/<str:code>/congresses/", start.unit_congresses, name="unit_congresses"),
    path("units/<str:code>/import/", organizations.unit_import, name="unit_import"),
    path("units/<str:code>/edit/", organizations.unit_edit, name="unit_edit"),
    path("units/<str:code>/new/", organizations.unit_create_child, name="unit_create_child"),
    path("units/<str:code>/dissolve/", organizations.unit_dissolve_view, name="unit_dissolve"),
    path("units/<str:code>/roles/", unit_roles.unit_roles, name="unit_roles"),
    path(
        "units/<str:code>/roles/<int:grant_id>/revoke/",
        unit_roles.unit_role_revoke_view,
        name="unit_role_revoke",
    ),
    path("units/<str:code>/congress/new/", congresses.congress_create_view, name="congress_create"),
    path("congresses/<int:pk>/", congresses.congress_detail, name="congress_detail"),
    path("congresses/<int:pk>/archive.zip", archive.congress_archive, name="congress_archive"),
    path("congresses/<int:pk>/status/", congresses.congress_status, name="congress_status"),
    path("congresses/<int:pk>/edit/", congresses.congress_edit, name="congress_edit"),
    path("congresses/<int:pk>/roles/", congress_roles.congress_roles, name="congress_roles"),
    path(
        "congresses/<int:pk>/roles/<int:grant_id>/revoke/",
        congress_roles.congress_role_revoke_view,
        name="congress_role_revoke",
    ),
    path(
        "congresses/<int:pk>/elections/new/",
        congresses.election_create_view,
        name="election_create",
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
        congresses.candidates_from_delegates,
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
    path(
        "elections/<int:pk>/list-vote/correct/",
        elections.list_vote_correct_view,
        name="list_vote_correct",
    ),
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
    path("elections/<int:pk>/package.json", documents.election_package, name="election_package"),
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
    path("elections/<int:pk>/backup/", counting.backup_view, name="election_backup"),
    path("elections/<int:pk>/finalise/", counting.finalise_view, name="election_finalise"),
    path(
        "elections/<int:pk>/minutes-details/",
        counting.minutes_details_view,
        name="election_minutes_details",
    ),
    path("elections/<int:pk>/reopen/", counting.reopen_view, name="election_reopen"),
    path("elections/<int:pk>/result/", counting.result_view, name="election_result"),
    path("elections/<int:pk>/test/", testrun.trial_page, name="election_test"),
    path("elections/<int:pk>/test/open/", testrun.trial_open_view, name="election_test_open"),
    path(
        "elections/<int:pk>/test/ballot.pdf", testrun.trial_ballot_pdf, name="election_test_ballot"
    ),
    path(
        "elections/<int:pk>/test/expected/",
        testrun.trial_expected_view,
        name="election_test_expected",
    ),
    path(
        "elections/<int:pk>/test/report.pdf", testrun.trial_report_pdf, name="election_test_report"
    ),
    path("elections/<int:pk>/test/clear/", testrun.trial_clear_view, name="election_test_clear"),
    path("elections/<int:pk>/test/deck.pdf", testrun.trial_deck_pdf, name="election_test_deck"),
    path(
        "elections/<int:pk>/test/deck.jsonl",
        testrun.trial_deck_ballots,
        name="election_test_deck_ballots",
    ),
    path("elections/<int:pk>/review/", scans.review_next, name="review_next"),
    path("elections/<int:pk>/review/<int:sid>/decide/", scans.review_decide, name="review_decide"),
    path("elections/<int:pk>/review/<int:sid>/image.png", scans.review_image, name="review_image"),
    path(
        "elections/<int:pk>/review/<int:sid>/crop/<slug:area>.png",
        scans.review_crop,
        name="review_crop",
    ),
    path(
        "elections/<int:pk>/review/blank/<slug:area>.png", scans.review_blank, name="review_blank"
    ),
    path("elections/<int:pk>/scans/import/", scan_imports.scan_upload_view, name="scan_upload"),
    path(
        "elections/<int:pk>/scans/imports/<int:jid>/", scan_imports.scan_job_view, name="scan_job"
    ),
    path(
        "elections/<int:pk>/scans/imports/<int:jid>/status/",
        scan_imports.scan_job_status_view,
        name="scan_job_status",
    ),
    path("api/v1/", api_v1.urls),
    path("api/", api.urls),
    path("", include("daihoi.planning.urls")),
    path("", include("daihoi.workgroups.urls")),
    path("", include("daihoi.targets.urls")),
    path("", include("daihoi.personnel.urls")),
    path("", include("daihoi.consultation.urls")),
    path("", include("daihoi.papers.urls")),
    # The congress in session (congresses/hall_views.py) and the delegates' phones.
    path("congresses/<int:pk>/hall/", hall.hall_home, name="hall_home"),
    path("congresses/<int:pk>/hall/settings/", hall.hall_settings, name="hall_settings"),
    path("congresses/<int:pk>/hall/sittings/", hall.hall_sitting_add, name="hall_sitting_add"),
    path(
        "congresses/<int:pk>/hall/sittings/<int:sid>/open/",
        hall.hall_sitting_open,
        name="hall_sitting_open",
    ),
    path(
        "congresses/<int:pk>/hall/sittings/<int:sid>/close/",
        hall.hall_sitting_close,
        name="hall_sitting_close",
    ),
    path("congresses/<int:pk>/hall/delegates/", hall.hall_delegates, name="hall_delegates"),
    path(
        "congresses/<int:pk>/hall/delegates/add/", hall.hall_delegate_add, name="hall_delegate_add"
    ),
    path(
        "congresses/<int:pk>/hall/delegates/import/",
        hall.hall_delegates_import,
        name="hall_delegates_import",
    ),
    path(
        "congresses/<int:pk>/hall/delegates/members/",
        hall.hall_delegates_members,
        name="hall_delegates_members",
    ),
    path(
        "congresses/<int:pk>/hall/delegates/<int:did>/",
        hall.hall_delegate_edit,
        name="hall_delegate_edit",
    ),
    path(
        "congresses/<int:pk>/hall/delegates/<int:did>/pass/",
        hall.hall_pass_reissue,
        name="hall_pass_reissue",
    ),
    path(
        "congresses/<int:pk>/hall/reissues/<int:rid>/confirm/",
        hall.hall_pass_reissue_confirm,
        name="hall_pass_reissue_confirm",
    ),
    path(
        "congresses/<int:pk>/hall/reissues/<int:rid>/cancel/",
        hall.hall_pass_reissue_cancel,
        name="hall_pass_reissue_cancel",
    ),
    path(
        "congresses/<int:pk>/hall/delegates/<int:did>/undo/",
        hall.hall_checkin_undo,
        name="hall_checkin_undo",
    ),
    path(
        "congresses/<int:pk>/hall/deductions/", hall.hall_deduction_add, name="hall_deduction_add"
    ),
    path(
        "congresses/<int:pk>/hall/deductions/<int:xid>/remove/",
        hall.hall_deduction_remove,
        name="hall_deduction_remove",
    ),
    path("congresses/<int:pk>/hall/credentials/", hall.hall_credentials, name="hall_credentials"),
    path("congresses/<int:pk>/hall/cards.pdf", hall.hall_cards_pdf, name="hall_cards_pdf"),
    path("congresses/<int:pk>/hall/passes.pdf", hall.hall_passes_pdf, name="hall_passes_pdf"),
    path("congresses/<int:pk>/hall/desk/", hall.hall_desk, name="hall_desk"),
    path("congresses/<int:pk>/hall/desk/checkin/", hall.hall_checkin, name="hall_checkin"),
    path("congresses/<int:pk>/hall/desk/search/", hall.hall_search, name="hall_search"),
    path("congresses/<int:pk>/hall/attendance/", hall.hall_attendance, name="hall_attendance"),
    path(
        "congresses/<int:pk>/hall/attendance/<int:sid>/absence/",
        hall.hall_absence,
        name="hall_absence",
    ),
    path("congresses/<int:pk>/hall/agenda/", hall.hall_agenda, name="hall_agenda"),
    path("congresses/<int:pk>/hall/agenda/add/", hall.hall_item_add, name="hall_item_add"),
    path(
        "congresses/<int:pk>/hall/agenda/<int:iid>/start/",
        hall.hall_item_start,
        name="hall_item_start",
    ),
    path(
        "congresses/<int:pk>/hall/agenda/<int:iid>/finish/",
        hall.hall_item_finish,
        name="hall_item_finish",
    ),
    path(
        "congresses/<int:pk>/hall/agenda/<int:iid>/speakers/",
        hall.hall_speaker_add,
        name="hall_speaker_add",
    ),
    path(
        "congresses/<int:pk>/hall/speakers/<int:spid>/",
        hall.hall_speaker_set,
        name="hall_speaker_set",
    ),
    path("congresses/<int:pk>/hall/speeches/", hall.hall_speeches, name="hall_speeches"),
    path("congresses/<int:pk>/hall/speeches/add/", hall.hall_speech_add, name="hall_speech_add"),
    path(
        "congresses/<int:pk>/hall/speeches.docx",
        hall.hall_speeches_docx,
        name="hall_speeches_docx",
    ),
    path(
        "congresses/<int:pk>/hall/speeches/<int:spid>/",
        hall.hall_speech,
        name="hall_speech",
    ),
    path(
        "congresses/<int:pk>/hall/speeches/<int:spid>/accept/",
        hall.hall_speech_accept,
        name="hall_speech_accept",
    ),
    path(
        "congresses/<int:pk>/hall/speeches/<int:spid>/decline/",
        hall.hall_speech_decline,
        name="hall_speech_decline",
    ),
    path(
        "congresses/<int:pk>/hall/speeches/<int:spid>/reconsider/",
        hall.hall_speech_reconsider,
        name="hall_speech_reconsider",
    ),
    path(
        "congresses/<int:pk>/hall/speeches/<int:spid>/move/",
        hall.hall_speech_move,
        name="hall_speech_move",
    ),
    path(
        "congresses/<int:pk>/hall/speeches/<int:spid>/minutes/",
        hall.hall_speech_minutes,
        name="hall_speech_minutes",
    ),
    path(
        "congresses/<int:pk>/hall/speeches/<int:spid>/start/",
        hall.hall_speech_start,
        name="hall_speech_start",
    ),
    path(
        "congresses/<int:pk>/hall/speeches/<int:spid>/stop/",
        hall.hall_speech_stop,
        name="hall_speech_stop",
    ),
    path("congresses/<int:pk>/hall/votes/", hall.hall_votes, name="hall_votes"),
    path("congresses/<int:pk>/hall/votes/add/", hall.hall_vote_add, name="hall_vote_add"),
    path("congresses/<int:pk>/hall/votes/<int:vid>/", hall.hall_vote, name="hall_vote"),
    path(
        "congresses/<int:pk>/hall/votes/<int:vid>/live/", hall.hall_vote_live, name="hall_vote_live"
    ),
    path(
        "congresses/<int:pk>/hall/votes/<int:vid>/open/", hall.hall_vote_open, name="hall_vote_open"
    ),
    path(
        "congresses/<int:pk>/hall/votes/<int:vid>/close/",
        hall.hall_vote_close,
        name="hall_vote_close",
    ),
    path(
        "congresses/<int:pk>/hall/votes/<int:vid>/hands/",
        hall.hall_vote_hands,
        name="hall_vote_hands",
    ),
    path("congresses/<int:pk>/hall/screen/", hall.hall_screen, name="hall_screen"),
    path("congresses/<int:pk>/hall/screen/live/", hall.hall_screen_live, name="hall_screen_live"),
    path("congresses/<int:pk>/hall/minutes.pdf", hall.hall_minutes_pdf, name="hall_minutes_pdf"),
    path("congresses/<int:pk>/hall/minutes.docx", hall.hall_minutes_docx, name="hall_minutes_docx"),
    path(
        "congresses/<int:pk>/hall/credentials.pdf",
        hall.hall_credentials_pdf,
        name="hall_credentials_pdf",
    ),
    path(
        "congresses/<int:pk>/hall/credentials.docx",
        hall.hall_credentials_docx,
        name="hall_credentials_docx",
    ),
    path(
        "congresses/<int:pk>/hall/resolution.pdf",
        hall.hall_resolution_pdf,
        name="hall_resolution_pdf",
    ),
    path(
        "congresses/<int:pk>/hall/resolution.docx",
        hall.hall_resolution_docx,
        name="hall_resolution_docx",
    ),
]
