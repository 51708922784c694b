"""Reminders by e-mail to the nearest office, once per deadline within the repeat window."""

from __future__ import annotations

import io

from django.core import mail
from django_tasks_db.models import DBTaskResult

from daihoi.accounts.models import UnitRole
from daihoi.accounts.services import unit_role_grant
from daihoi.planning.models import ReminderSent
from daihoi.planning.reminders import reminders_send, run_reminders
from tests.factories import UserFactory
from tests.planning.conftest import D, Plan, hold
from tests.tasks.running import run_ready


def with_emails(plan: Plan) -> None:
    t = plan.tree
    for user, address in (
        (t.commune_officer, "vanphong.xa-a@example.vn"),
        (t.province_officer, "vanphong.tinh@example.vn"),
    ):
        user.email = address
        user.save(update_fields=["email"])


def test_the_nearest_office_hears_of_its_units_due_soon_and_overdue(plan: Plan) -> None:
    with_emails(plan)
    hold(plan.tree.congress_A1, D(2025, 6, 5))
    run = reminders_send(days=7, today=D(2025, 8, 26))
    by_to = {m.to[0]: m for m in mail.outbox}
    commune = by_to["vanphong.xa-a@example.vn"].body
    assert "Chi bộ thôn 2 (A2)" in commune  # overdue since 30/6
    assert "Đảng bộ xã A (A)" in commune  # due 31/8, in 5 days
    assert "Chi bộ thôn 1 (A1)" in commune  # held 5/6, results due 20/6
    province = by_to["vanphong.tinh@example.vn"].body
    assert "Chi bộ thôn B1" in province and "Chi bộ thôn 2" not in province
    assert run.messages == 2 and run.without_recipient == 0
    assert ReminderSent.objects.count() == run.notices


def test_a_reminder_is_not_repeated_within_the_window(plan: Plan) -> None:
    with_emails(plan)
    reminders_send(days=7, today=D(2025, 8, 26))
    mail.outbox.clear()
    again = reminders_send(days=7, today=D(2025, 8, 28))
    assert again.skipped_recent == again.notices and mail.outbox == []
    later = reminders_send(days=7, today=D(2025, 9, 5))
    assert later.messages == 2


def test_units_without_an_office_address_are_counted(plan: Plan) -> None:
    run = reminders_send(days=7, today=D(2025, 8, 26))
    assert run.messages == 0 and run.without_recipient == run.notices > 0


def test_an_account_without_an_address_is_skipped_for_the_next_one_up(plan: Plan) -> None:
    with_emails(plan)
    branch_officer = UserFactory(username="chibo", email="")
    unit_role_grant(actor=None, user=branch_officer, unit=plan.tree.A2, role=UnitRole.OFFICE)
    reminders_send(days=7, today=D(2025, 8, 26))
    assert any(
        "Chi bộ thôn 2" in m.body for m in mail.outbox if m.to == ["vanphong.xa-a@example.vn"]
    )


def test_the_command_line_reports_and_a_dry_run_sends_nothing(plan: Plan) -> None:
    with_emails(plan)
    out, err = io.StringIO(), io.StringIO()
    code = run_reminders(["--days", "7", "--today", "2025-08-26", "--dry-run"], out, err)
    assert code == 0 and mail.outbox == [] and ReminderSent.objects.count() == 0
    assert "vanphong.tinh@example.vn" in out.getvalue()
    assert run_reminders(["--days", "-1"], out, err) == 2
    assert run_reminders(["--today", "not-a-date"], out, io.StringIO()) == 2


def test_the_django_command_runs_the_same(plan: Plan) -> None:
    from django.core.management import call_command

    with_emails(plan)
    out = io.StringIO()
    call_command("planning_reminders", "--days", "7", "--today", "2025-08-26", stdout=out)
    assert len(mail.outbox) == 2


def test_the_reminders_can_be_left_to_a_worker(plan: Plan) -> None:
    with_emails(plan)
    out = io.StringIO()
    assert run_reminders(["--days", "7", "--today", "2025-08-26", "--enqueue"], out, out) == 0
    assert str(DBTaskResult.objects.get().pk) in out.getvalue()
    assert mail.outbox == [] and ReminderSent.objects.count() == 0  # not sent by the command
    row = DBTaskResult.objects.get()
    assert row.args_kwargs["kwargs"]["today"] == "2025-08-26"
    assert run_ready() == 1
    assert len(mail.outbox) == 2 and ReminderSent.objects.exists()
    row.refresh_from_db()
    assert row.return_value["messages"] == 2
