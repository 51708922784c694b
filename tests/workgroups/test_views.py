"""The working groups' pages as the office, the member and the followed unit use them."""

from __future__ import annotations

import io

import docx
from django.urls import reverse
from django.utils import timezone

from daihoi.workgroups.models import Recommendation, Visit, WorkGroup
from tests.workgroups.conftest import D, Field
from tests.workgroups.test_services import rows


def test_the_office_sets_up_a_group_and_a_unit_outside_is_refused_on_the_form(field: Field) -> None:
    t = field.tree
    client = t.client_for(t.province_officer)
    response = client.post(reverse("workgroup_create", args=["P"]), {"name": "Tổ công tác số 2"})
    group = WorkGroup.objects.get(name="Tổ công tác số 2")
    assert response["Location"] == reverse("workgroup_detail", args=[group.pk])
    before = rows()
    response = client.post(reverse("workgroup_follow", args=[group.pk]), {"unit": "P"})
    assert response.status_code == 400
    assert "không trực thuộc Đảng bộ tỉnh P" in response.content.decode()
    assert rows() == before
    response = client.post(reverse("workgroup_follow", args=[group.pk]), {"unit": "KHONG-CO"})
    assert "Mã đơn vị: Không có đơn vị nào có mã KHONG-CO." in response.content.decode()
    client.post(reverse("workgroup_follow", args=[group.pk]), {"unit": "B"})
    page = client.get(reverse("workgroup_detail", args=[group.pk])).content.decode()
    assert "Đảng bộ xã B" in page


def test_a_member_records_a_visit_and_a_recommendation_refused_outside_the_group(
    field: Field,
) -> None:
    t = field.tree
    client = t.client_for(field.member_user)
    url = reverse("workgroup_visit_create", args=[field.group.pk])
    page = client.get(url).content.decode()
    assert '<option value="A">Đảng bộ xã A</option>' in page and "Đảng bộ xã B" not in page
    tomorrow = timezone.localdate().toordinal() + 1
    future = D.fromordinal(tomorrow).strftime("%d/%m/%Y")
    before = rows()
    response = client.post(url, {"unit": "A1", "visited_on": future})
    assert response.status_code == 400
    assert f"Ngày làm việc: ngày {future} chưa đến." in response.content.decode()
    assert rows() == before
    response = client.post(
        url, {"unit": "A1", "visited_on": "02/06/2025", "notes": "Họp chi ủy", "findings": "Tốt"}
    )
    visit = Visit.objects.get(unit=t.A1)
    assert visit.recorded_by == field.member_user
    visit_url = reverse("workgroup_visit", args=[field.group.pk, visit.pk])
    assert response["Location"] == visit_url
    before = rows()
    response = client.post(visit_url, {"unit": "B", "text": "Kiện toàn", "deadline": "30/06/2025"})
    assert response.status_code == 400
    assert "Đơn vị: Đảng bộ xã B không thuộc các đơn vị do Tổ công tác số 1 theo dõi" in (
        response.content.decode()
    )
    assert rows() == before
    client.post(visit_url, {"unit": "A1", "text": "Kiện toàn chi ủy", "deadline": "30/06/2025"})
    assert Recommendation.objects.get(visit=visit).unit == t.A1


def test_the_commune_answers_and_the_group_marks_done(field: Field) -> None:
    t = field.tree
    commune = t.client_for(t.commune_officer)
    page = commune.get(reverse("workgroups_unit_recommendations", args=["A"])).content.decode()
    assert "Rút gọn dự thảo báo cáo chính trị" in page and "Trả lời" in page
    # The commune does not see the group's own page (notes, findings).
    assert commune.get(reverse("workgroup_detail", args=[field.group.pk])).status_code == 404
    member = t.client_for(field.member_user)
    close = reverse("workgroup_recommendation_close", args=[field.rec.pk])
    member.post(close, {"done": "1"})
    field.rec.refresh_from_db()
    assert field.rec.done_on is None  # not answered yet: refused
    answer = reverse("workgroup_recommendation_answer", args=[field.rec.pk])
    response = commune.post(answer, {"answer": "", "answered_on": "10/06/2025"})
    assert response.status_code == 400
    response = commune.post(
        answer, {"answer": "Đã rút gọn còn 20 trang", "answered_on": "10/06/2025"}
    )
    assert response.status_code == 302
    page = member.get(reverse("workgroup_detail", args=[field.group.pk])).content.decode()
    assert "Đã rút gọn còn 20 trang" in page and "Xác nhận hoàn thành" in page
    member.post(close, {"done": "1"})
    field.rec.refresh_from_db()
    assert field.rec.state == "done" and field.rec.done_by == field.member_user


def test_the_dashboard_lists_the_units_with_overdue_recommendations(field: Field) -> None:

    t = field.tree
    client = t.client_for(t.province_officer)
    url = reverse("planning_dashboard", args=["P"])
    page = client.get(url + "?on=16/06/2025").content.decode()
    section = page.split('id="overdue-recommendations"')[1].split("</div>")[0]
    assert "Đảng bộ xã A" in section and "1 kiến nghị quá hạn, từ 15/06/2025" in section
    page = client.get(url + "?on=15/06/2025").content.decode()
    section = page.split('id="overdue-recommendations"')[1].split("</div>")[0]
    assert "Đảng bộ xã A" not in section


def test_the_report_is_a_word_document_with_the_groups_work(field: Field) -> None:
    t = field.tree
    t.congress_A1.is_pilot = True
    t.congress_A1.save()
    from daihoi.workgroups import services

    services.attendance_set(
        actor=None, group=field.group, congress=t.congress_A, members=[field.named]
    )
    client = t.client_for(t.province_viewer)
    response = client.get(reverse("workgroup_report", args=[field.group.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kết quả hoạt động của Tổ công tác số 1" in text
    assert "ĐẢNG BỘ TỈNH P" in document.tables[0].cell(0, 0).text
    assert "Đoàn theo dõi, giúp đỡ 2 đơn vị: Đảng bộ xã A; Chi bộ thôn 1." in text
    assert "1. Đảng bộ xã A, ngày 20/05/2025" in text
    assert (
        "Đoàn đã nêu 1 kiến nghị: đã hoàn thành 0, đơn vị đã trả lời chờ đoàn xem xét 0, "
        "chưa trả lời 1" in text
    )
    members, recs, attendance = document.tables[1], document.tables[2], document.tables[3]
    assert [c.text for c in members.rows[2].cells] == ["2", "Lê Thị Hòa", "Phó Ban Tổ chức"]
    cells = [c.text for c in recs.rows[1].cells]
    assert cells[1:4] == ["Đảng bộ xã A", "Rút gọn dự thảo báo cáo chính trị", "15/06/2025"]
    assert cells[5].startswith("Chưa trả lời, quá hạn ")
    # Pilot congresses first.
    assert attendance.rows[1].cells[1].text == "Chi bộ thôn 1 (đại hội điểm)"
    assert attendance.rows[1].cells[3].text == "Chưa phân công"
    assert attendance.rows[2].cells[3].text == "Lê Thị Hòa"


def test_the_group_page_and_the_units_recommendations_take_the_same_queries_however_many(
    field: Field,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from daihoi.workgroups import services

    t = field.tree
    office, commune = t.client_for(t.province_officer), t.client_for(t.commune_officer)
    pages = [
        (office, reverse("workgroup_detail", args=[field.group.pk])),
        (commune, reverse("workgroups_unit_recommendations", args=["A"])),
    ]

    def counts() -> list[int]:
        found = []
        for client, url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    for i in range(5):
        visit = services.visit_record(
            actor=None, group=field.group, unit=t.A1 if i % 2 else t.A, visited_on=D(2025, 6, i + 1)
        )
        services.recommendation_add(
            actor=None, visit=visit, unit=t.A, text=f"Kiến nghị {i}", deadline=D(2025, 7, 1)
        )
    assert counts() == before
