"""The demo commune congress in session: sittings, attendance, agenda, speakers, votes, speeches.

Called by the demo (``daihoi.demo``) on the Hòa Bình congress once its 120
delegates exist. Everything goes through the services, as a secretariat would
do it in the hall; only the clock is moved back to the congress's day.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from daihoi.accounts.models import CongressRole
from daihoi.accounts.services import congress_role_grant, user_create
from daihoi.congresses import services, voting
from daihoi.congresses.demo_speeches import build_speeches_demo
from daihoi.congresses.models import (
    AgendaItem,
    Attendance,
    Congress,
    Delegate,
    ProceduralVote,
    Sitting,
    SpeakerStatus,
)
from daihoi.congresses.selectors import eligible_present

DEMO_PASSWORD = "daihoi-demo-2025"
#: Logins this adds to the demo: (username, password, what they do).
SESSION_LOGINS = [
    ("thuky", DEMO_PASSWORD, "Đoàn Thư ký Đại hội Đảng bộ xã Hòa Bình: điểm danh, biểu quyết"),
]

AGENDA = [
    ("Đón tiếp đại biểu, điểm danh", 30),
    ("Chào cờ; tuyên bố lý do, giới thiệu đại biểu", 15),
    ("Bầu Đoàn Chủ tịch, Đoàn Thư ký, Ban Thẩm tra tư cách đại biểu", 15),
    ("Thông qua chương trình và quy chế làm việc của Đại hội", 10),
    ("Diễn văn khai mạc", 15),
    ("Báo cáo chính trị của Ban Chấp hành nhiệm kỳ 2020–2025", 45),
    ("Báo cáo thẩm tra tư cách đại biểu", 15),
    ("Thảo luận báo cáo chính trị", 90),
    ("Bầu Ban Chấp hành Đảng bộ khóa mới", 120),
    ("Bầu đoàn đại biểu dự Đại hội cấp trên", 60),
    ("Thông qua Nghị quyết Đại hội; bế mạc", 20),
]
EDUCATION = [("Đại học", 60), ("Thạc sĩ", 12), ("Cao đẳng", 10), ("Trung cấp", 18)]
THEORY = [("Trung cấp", 55), ("Cao cấp", 10), ("Sơ cấp", 35)]
TOPICS = [
    "Phát triển nông nghiệp công nghệ cao",
    "Xây dựng nông thôn mới nâng cao",
    "Công tác xây dựng Đảng ở chi bộ thôn",
    "Chuyển đổi số trong cải cách hành chính",
    "Giữ gìn an ninh trật tự trên địa bàn",
]


def _pick(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


@transaction.atomic
def build_session_demo(*, rng: random.Random, admin: Any, congress: Congress) -> None:
    """Fill the commune congress with what its first day in the hall recorded."""
    day = congress.planned_date or dt.date(2025, 7, 20)
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(7, 30)))
    secretary = user_create(
        actor=admin, username="thuky", password=DEMO_PASSWORD, full_name="Nguyễn Thị Thư"
    )
    congress_role_grant(
        actor=admin, user=secretary, congress=congress, role=CongressRole.SECRETARIAT
    )
    chair = user_create(
        actor=admin, username="chutich", password=DEMO_PASSWORD, full_name="Trần Văn Chính"
    )
    congress_role_grant(actor=admin, user=chair, congress=congress, role=CongressRole.PRESIDIUM)
    congress = services.congress_hall_settings(
        actor=admin, congress=congress, profile="cpv-2024", venue="Hội trường Trung tâm văn hóa xã"
    )
    delegates = list(congress.delegates.select_related("member__unit").order_by("pk"))
    for number, d in enumerate(delegates, start=1):
        d.number = number
        d.education = _pick(rng, EDUCATION)
        d.political_theory = _pick(rng, THEORY)
        d.position = d.member.unit.name if d.member else ""
        d.is_ex_officio = number <= 15  # the outgoing committee
    Delegate.objects.bulk_update(
        delegates, ["number", "education", "political_theory", "position", "is_ex_officio"]
    )
    services.base_deduction_add(
        actor=secretary,
        congress=congress,
        count=2,
        reason="Đại biểu chính thức vắng mặt suốt thời gian đại hội, không có dự khuyết thay thế",
    )
    questioned = delegates[47]
    services.delegate_update(
        actor=secretary,
        delegate=questioned,
        kind=questioned.kind,
        is_ex_officio=False,
        credential="questioned",
        credential_note="Đang xác minh việc chuyển sinh hoạt đảng",
        replaces=None,
        position=questioned.position,
        education=questioned.education,
        political_theory=questioned.political_theory,
    )

    prep = services.sitting_add(actor=secretary, congress=congress, title="Phiên trù bị", date=day)
    main = services.sitting_add(
        actor=secretary, congress=congress, title="Phiên chính thức thứ nhất", date=day
    )
    items = [
        services.agenda_item_add(
            actor=secretary,
            congress=congress,
            title=title,
            minutes=minutes,
            planned_at=at + dt.timedelta(minutes=sum(m for _t, m in AGENDA[:i])),
        )
        for i, (title, minutes) in enumerate(AGENDA)
    ]
    absent = set(rng.sample(range(len(delegates)), 8))
    excused = sorted(absent)[:5]

    # The preparatory sitting: check-in, the presidium, the agenda and rules by show of hands.
    services.sitting_open(actor=secretary, sitting=prep)
    for i, d in enumerate(delegates):
        if i not in absent:
            services.checkin(actor=secretary, congress=congress, code=d.code, via="code")
    present = eligible_present(prep)
    for item, subject, title in (
        (items[2], "presidium", "Biểu quyết danh sách Đoàn Chủ tịch, Đoàn Thư ký, Ban Thẩm tra"),
        (items[3], "agenda", "Biểu quyết thông qua chương trình Đại hội"),
        (items[3], "working_rules", "Biểu quyết thông qua quy chế làm việc của Đại hội"),
    ):
        services.agenda_item_start(actor=secretary, item=item)
        vote = services.vote_create(
            actor=secretary,
            congress=congress,
            subject=subject,
            title=title,
            method="hands",
            item=item,
        )
        against = rng.randint(0, 2)
        services.vote_record_hands(
            actor=secretary,
            vote=vote,
            present=present,
            agree=present - against,
            disagree=against,
            abstain=0,
        )
    for i in excused:
        services.absence_record(
            actor=secretary, sitting=prep, delegate=delegates[i], excused=True, reason="Ốm, có đơn"
        )
    services.sitting_close(actor=secretary, sitting=prep)

    # The first official sitting, in session: the political report and its discussion,
    # an electronic secret vote on the number to elect.
    services.sitting_open(actor=secretary, sitting=main)
    for i, d in enumerate(delegates):
        if i not in absent:
            services.checkin(actor=secretary, congress=congress, code=d.code, via="code")
    for item in items[4:7]:
        services.agenda_item_start(actor=secretary, item=item)
    discussion = items[7]
    services.agenda_item_start(actor=secretary, item=discussion)
    speakers = rng.sample([d for i, d in enumerate(delegates) if i not in absent], 5)
    registered = [
        services.speaker_add(actor=secretary, item=discussion, delegate=d, topic=topic)
        for d, topic in zip(speakers, TOPICS, strict=True)
    ]
    for speaker in registered[:2]:
        services.speaker_set(actor=secretary, speaker=speaker, status=SpeakerStatus.SPEAKING)
        services.speaker_set(actor=secretary, speaker=speaker, status=SpeakerStatus.DONE)
    services.speaker_set(actor=secretary, speaker=registered[2], status=SpeakerStatus.SPEAKING)

    seats = services.vote_create(
        actor=secretary,
        congress=congress,
        subject="seats",
        title="Biểu quyết số lượng Ban Chấp hành khóa mới: 15 đồng chí",
        method="electronic",
        secret=True,
        item=items[8],
    )
    services.vote_open(actor=secretary, vote=seats)
    voters = [d for i, d in enumerate(delegates) if i not in absent and d.votes]
    for d in voters[: len(voters) - 3]:
        choice = rng.choices(["agree", "disagree", "abstain"], weights=[92, 5, 3])[0]
        secret = _bind(d)
        phone = Delegate.objects.select_related("congress__unit").get(pk=d.pk)
        voting.vote_cast(delegate=phone, device_secret=secret, vote_id=seats.pk, choice=choice)
    services.vote_close(actor=secretary, vote=seats)
    services.vote_create(
        actor=secretary,
        congress=congress,
        subject="candidate_list",
        title="Biểu quyết danh sách bầu cử Ban Chấp hành khóa mới (17 đồng chí)",
        method="electronic",
        secret=True,
        item=items[8],
    )
    build_speeches_demo(
        rng=rng,
        secretary=secretary,
        congress=congress,
        speakers=[d for i, d in enumerate(delegates) if i not in absent],
    )
    _move_clock(congress, prep, main, at)


def _bind(delegate: Delegate) -> str:
    """The demo's phones: each delegate confirms their link once."""
    return voting.pass_bind(delegate=Delegate.objects.get(pk=delegate.pk))


def _move_clock(congress: Congress, prep: Sitting, main: Sitting, at: dt.datetime) -> None:
    """The demo happened on the congress's day, not today (times only; the audit keeps its own)."""
    minute = dt.timedelta(minutes=1)
    Sitting.objects.filter(pk=prep.pk).update(opened_at=at, closed_at=at + 55 * minute)
    Sitting.objects.filter(pk=main.pk).update(opened_at=at + 60 * minute)
    Attendance.objects.filter(sitting=prep).update(at=at - 20 * minute)
    Attendance.objects.filter(sitting=main).update(at=at + 58 * minute)
    for n, item in enumerate(AgendaItem.objects.filter(congress=congress).exclude(started_at=None)):
        start = at + (5 + 12 * n) * minute
        item_qs = AgendaItem.objects.filter(pk=item.pk)
        item_qs.update(started_at=start)
        if item.ended_at is not None:
            item_qs.update(ended_at=start + 10 * minute)
    for n, vote in enumerate(
        ProceduralVote.objects.filter(congress=congress).exclude(closed_at=None)
    ):
        when = at + (20 + 15 * n) * minute
        ProceduralVote.objects.filter(pk=vote.pk).update(
            opened_at=when, closed_at=when + 2 * minute
        )
