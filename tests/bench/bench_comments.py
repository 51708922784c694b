"""Benchmark: comments on a 300-paragraph draft grouped and clustered; a section page.

Run by `make bench-comments`. Prints times and the peak memory of the process.
Not a test: figures go to docs/BENCHMARKS.md with the machine and date.

1. The pure core (daihoi.core.texts.aggregate), called section by section as the
   aggregation service calls it, on 100,000 then 1,000,000 generated comments
   (BENCH_COMMENTS overrides the sizes, e.g. "20000").
2. A section page with 10,000 comments on SQLite (in a temporary folder), or
   on the database of DATABASE_URL: the first page, a later page, a filter.

The generator writes Vietnamese-like comments with the variety of a real
consultation: a few hundred paragraphs re-sent word for word by many units
(a superior's suggested comment), the same ones lightly edited (a word added,
dropped or swapped, punctuation and case changed), and one-off comments
composed from the phrases of twenty topics.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator

SECTIONS = 15
PARAGRAPHS = 300

OPENERS = [
    "Đề nghị",
    "Đề nghị bổ sung",
    "Cần làm rõ",
    "Nên viết lại",
    "Đề nghị sửa",
    "Chúng tôi đề nghị",
    "Ban soạn thảo cần",
    "Cần nhấn mạnh hơn",
    "Đề nghị cân nhắc",
    "Đề nghị lược bớt",
]
TOPICS = [
    [
        "chuyển đổi số",
        "chính quyền số",
        "dữ liệu dân cư",
        "dịch vụ công trực tuyến",
        "hạ tầng số",
        "kỹ năng số cho người dân",
    ],
    [
        "tăng trưởng kinh tế",
        "tổng sản phẩm bình quân đầu người",
        "thu ngân sách",
        "tốc độ tăng trưởng",
        "cơ cấu kinh tế",
        "vốn đầu tư toàn xã hội",
    ],
    [
        "xây dựng nông thôn mới",
        "thu nhập của nông dân",
        "sản phẩm OCOP",
        "hợp tác xã",
        "chuỗi giá trị nông sản",
        "tiêu chí nông thôn mới nâng cao",
    ],
    [
        "công tác cán bộ",
        "cán bộ trẻ",
        "cán bộ nữ",
        "quy hoạch cán bộ",
        "luân chuyển cán bộ",
        "đánh giá cán bộ theo kết quả",
    ],
    [
        "phòng chống tham nhũng",
        "tiêu cực",
        "lãng phí",
        "kiểm tra giám sát",
        "kê khai tài sản",
        "trách nhiệm người đứng đầu",
    ],
    [
        "giáo dục đào tạo",
        "trường đạt chuẩn quốc gia",
        "đào tạo nghề",
        "giáo viên",
        "cơ sở vật chất trường học",
        "học sinh vùng khó khăn",
    ],
    [
        "y tế cơ sở",
        "bảo hiểm y tế",
        "trạm y tế xã",
        "chăm sóc sức khỏe nhân dân",
        "bác sĩ gia đình",
        "y tế dự phòng",
    ],
    [
        "bảo vệ môi trường",
        "rác thải sinh hoạt",
        "nước sạch nông thôn",
        "biến đổi khí hậu",
        "trồng rừng",
        "ô nhiễm làng nghề",
    ],
    [
        "quốc phòng an ninh",
        "trật tự an toàn xã hội",
        "dân quân tự vệ",
        "tội phạm ma túy",
        "khu vực phòng thủ",
        "an ninh mạng",
    ],
    [
        "dân tộc thiểu số",
        "giảm nghèo bền vững",
        "hộ nghèo",
        "vùng đồng bào",
        "nhà ở cho người nghèo",
        "sinh kế cho đồng bào",
    ],
    [
        "du lịch",
        "di tích lịch sử",
        "văn hóa truyền thống",
        "lễ hội",
        "du lịch cộng đồng",
        "bảo tồn di sản",
    ],
    [
        "công nghiệp",
        "khu công nghiệp",
        "thu hút đầu tư",
        "doanh nghiệp nhỏ và vừa",
        "môi trường kinh doanh",
        "chỉ số năng lực cạnh tranh",
    ],
    [
        "giao thông",
        "đường liên xã",
        "cầu dân sinh",
        "quy hoạch đô thị",
        "đất đai",
        "giải phóng mặt bằng",
    ],
    [
        "xây dựng tổ chức cơ sở đảng",
        "chất lượng sinh hoạt chi bộ",
        "kết nạp đảng viên",
        "đảng viên trẻ",
        "tự phê bình và phê bình",
        "tổ chức bộ máy tinh gọn",
    ],
    [
        "mặt trận tổ quốc",
        "đoàn thanh niên",
        "hội phụ nữ",
        "hội nông dân",
        "hội cựu chiến binh",
        "dân chủ ở cơ sở",
    ],
    [
        "văn phong",
        "số liệu",
        "bố cục báo cáo",
        "lỗi chính tả",
        "cách trình bày",
        "thống nhất thuật ngữ",
    ],
    [
        "khoa học công nghệ",
        "đổi mới sáng tạo",
        "khởi nghiệp",
        "ứng dụng công nghệ cao",
        "sở hữu trí tuệ",
        "nghiên cứu ứng dụng",
    ],
    [
        "an sinh xã hội",
        "người có công",
        "việc làm cho lao động",
        "bảo hiểm xã hội",
        "người cao tuổi",
        "trẻ em có hoàn cảnh khó khăn",
    ],
    [
        "cải cách hành chính",
        "một cửa liên thông",
        "thủ tục hành chính",
        "chỉ số hài lòng",
        "kỷ luật kỷ cương hành chính",
        "phân cấp phân quyền",
    ],
    [
        "thể dục thể thao",
        "thiết chế văn hóa",
        "nhà văn hóa thôn",
        "phong trào toàn dân",
        "gia đình văn hóa",
        "nếp sống văn minh",
    ],
]
LINKS = [
    "trong giai đoạn tới",
    "theo hướng cụ thể hơn",
    "cho phù hợp với thực tiễn",
    "gắn với trách nhiệm của từng cấp",
    "trong nhiệm kỳ 2025–2030",
    "và có lộ trình rõ ràng",
    "nhất là ở vùng sâu vùng xa",
    "để bảo đảm tính khả thi",
    "so với nhiệm kỳ trước",
    "và bổ sung số liệu minh chứng",
]
FILLERS = ["thêm", "rõ hơn", "cụ thể", "một cách", "nữa", "đồng thời", "nhằm", "tích cực"]


def _compose(rng: random.Random) -> str:
    topic = rng.choice(TOPICS)
    parts = [rng.choice(OPENERS), rng.choice(topic)]
    for _ in range(rng.randint(1, 4)):
        parts.append(rng.choice(LINKS) if rng.random() < 0.5 else "và " + rng.choice(topic))
    text = " ".join(parts)
    if rng.random() < 0.3:
        text += f", nhất là chỉ tiêu {rng.randint(1, 40)} đạt {rng.randint(50, 100)}%"
    return text[0].upper() + text[1:] + "."


def _edit(rng: random.Random, text: str) -> str:
    words = text.rstrip(".").split()
    for _ in range(rng.randint(1, 2)):
        op = rng.random()
        i = rng.randrange(len(words))
        if op < 0.4:
            words.insert(i, rng.choice(FILLERS))
        elif op < 0.7 and len(words) > 8:
            del words[i]
        else:
            j = rng.randrange(len(words))
            words[i], words[j] = words[j], words[i]
    out = " ".join(words)
    return (out.upper() if rng.random() < 0.05 else out) + rng.choice([".", "", ";", " !"])


def generate(n: int, *, units: int = 3000, seed: int = 7) -> Iterator[tuple[int, int, str, int]]:
    """(comment id, paragraph number 1..300, text, unit id) for ``n`` comments."""
    rng = random.Random(seed)
    circulated = [(rng.randint(1, PARAGRAPHS), _compose(rng)) for _ in range(max(50, n // 400))]
    for cid in range(1, n + 1):
        r = rng.random()
        unit = rng.randint(1, units)
        if r < 0.35:
            paragraph, text = rng.choice(circulated)
        elif r < 0.55:
            paragraph, base = rng.choice(circulated)
            text = _edit(rng, base)
        else:
            paragraph, text = rng.randint(1, PARAGRAPHS), _compose(rng)
        yield cid, paragraph, text, unit


def section_of(paragraph: int) -> int:
    return (paragraph - 1) * SECTIONS // PARAGRAPHS + 1


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_core(n: int) -> None:
    from daihoi.core.texts.aggregate import CommentText, aggregate

    t0 = time.perf_counter()
    by_section: dict[int, list[CommentText]] = {}
    for cid, paragraph, text, unit in generate(n):
        by_section.setdefault(section_of(paragraph), []).append(CommentText(cid, text, unit))
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    groups = topics = biggest = 0
    for section in sorted(by_section):
        result = aggregate(by_section[section])
        groups += len(result.groups)
        topics += len(result.topics)
        biggest = max(biggest, len(result.groups[0].members))
    elapsed = time.perf_counter() - t0
    print(
        f"{n:,} comments, {len(by_section)} sections: grouped and clustered in {elapsed:.1f} s "
        f"(generated in {t_gen:.1f} s); {groups:,} groups, {topics} topics, largest group "
        f"{biggest:,}; peak memory {peak_mb():,.0f} MB",
        flush=True,
    )


def build_section(count: int):  # type: ignore[no-untyped-def]
    """A draft of 300 paragraphs in 15 sections, an open round, ``count`` comments on section 1."""
    import datetime as dt

    from django.utils import timezone

    from daihoi.accounts.models import UnitRole, User
    from daihoi.accounts.services import unit_role_grant
    from daihoi.congresses.models import Term
    from daihoi.consultation import services
    from daihoi.consultation.models import Comment
    from daihoi.organizations.models import Level
    from daihoi.organizations.services import unit_create

    level = Level.objects.create(code="tinh", name="Tỉnh", rank=0)
    unit = unit_create(
        actor=None, code="TS", name="Đảng bộ tỉnh Thạch Sơn", level=level, parent=None
    )
    user = User.objects.create(username="bench")
    unit_role_grant(actor=None, user=user, unit=unit, role=UnitRole.OFFICE)
    term = Term.objects.create(start_year=2025, end_year=2030)
    draft = services.draft_create(
        unit=unit, term=term, kind="political_report", title="Dự thảo", user=user
    )
    lines = []
    for p in range(1, PARAGRAPHS + 1):
        if (p - 1) % (PARAGRAPHS // SECTIONS) == 0:
            lines.append(f"# Phần {section_of(p)}")
        lines.append(f"Đoạn {p}: " + _compose(random.Random(p)))
    version = services.version_create(draft=draft, user=user, markdown="\n\n".join(lines))
    today = timezone.localdate()
    round_ = services.round_create(
        draft=draft,
        version=version,
        title="Vòng 1",
        scope=unit,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        members_may_comment=True,
        user=user,
    )
    paragraphs = list(version.paragraphs.filter(section__number=1))
    rows = []
    for cid, paragraph, text, _unit in generate(count):
        p = paragraphs[paragraph % len(paragraphs)]
        rows.append(
            Comment(
                round=round_,
                paragraph=p,
                section_number=1,
                current_paragraph=p,
                unit=unit,
                on_behalf=True,
                author_name=unit.name,
                text=text,
                source="import",
                handling="" if cid % 3 else "noted",
            )
        )
    Comment.objects.bulk_create(rows, batch_size=2000)
    return user, round_, 1


def bench_page(count: int = 10_000, repeat: int = 15) -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DAIHOI_DATA_DIR"] = tempfile.mkdtemp(prefix="daihoi-bench-")
        os.environ["DATABASE_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    os.environ.setdefault("DAIHOI_SECURE_COOKIES", "false")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    call_command("migrate", verbosity=0)
    user, round_, section = build_section(count)
    client = Client()
    client.force_login(user)
    url = reverse("consultation_section", args=[round_.pk, section])
    for label, query in (
        ("first page", ""),
        ("page 50", "?page=50"),
        ("pending, page 3", "?state=pending&page=3"),
    ):
        assert client.get(url + query).status_code == 200
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            response = client.get(url + query)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        print(
            f"section page with {count:,} comments, {label}: median "
            f"{statistics.median(times):.0f} ms (max {max(times):.0f}, n={repeat})",
            flush=True,
        )


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_COMMENTS", "100000,1000000").split(",")]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores", flush=True)
    for n in sizes:
        bench_core(n)
    if os.environ.get("BENCH_PAGE", "1") == "1":
        bench_page()


if __name__ == "__main__":
    main()
