"""In headless Chromium: the counting head downloads the signed package, the province takes it.

The head reads the station key's fingerprint on the sealed result page and
downloads the package; the province's office registers the key for the
commune (from the commune's report page), then uploads the file there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from daihoi.elections import services
from daihoi.planning.models import ResultReport
from tests.e2e.test_browser import CHROMIUM, pytestmark  # noqa: F401 - same marks and skip
from tests.e2e.test_counting_room import login
from tests.elections.conftest import Room, approve, room  # noqa: F401 - the fixture
from tests.elections.test_counting import count_batch
from tests.planning.conftest import D, hold


@pytest.mark.django_db(transaction=True)
def test_the_result_goes_up_from_the_browser(  # type: ignore[no-untyped-def]
    room: Room,  # noqa: F811 - the fixture imported above
    live_server,
    browser,
    settings,
    tmp_path: Path,
) -> None:
    settings.STATION_KEY_FILE = str(tmp_path / "station.pem")
    approve(room)
    count_batch(room, ["5"] * 6, ["5"] * 6)
    services.election_finalise(actor=room.head, election=room.election)
    hold(room.tree.congress_A, D(2025, 7, 1))
    base = live_server.url

    head = login(browser, base, "head")
    head.goto(f"{base}/elections/{room.election.pk}/result/")
    fingerprint = head.inner_text("code.fingerprint")
    with head.expect_download() as info:
        head.click("a[href$='/package.json']")
    package = tmp_path / "goi.json"
    info.value.save_as(package)

    office = login(browser, base, "province_officer")
    report = f"{base}/congresses/{room.tree.congress_A.pk}/report/"
    office.goto(report)
    office.set_input_files("input[type=file]", str(package))
    office.click("text=Kiểm tra và thêm")
    office.wait_for_selector("text=chưa được cấp ủy cấp trên đăng ký")
    assert not ResultReport.objects.filter(packages__isnull=False).exists()

    office.click("text=Đăng ký khóa trạm kiểm phiếu ›")
    assert office.input_value("#id_unit") == "A"
    # Typed as heard over the phone: lower case, spaces between the groups.
    office.fill("#id_fingerprint", fingerprint.lower().replace("-", " "))
    office.fill("#id_station", "Máy kiểm phiếu xã A")
    office.click("form[action$='/stations/register/'] button[type=submit]")
    office.wait_for_selector(f"text={fingerprint}")

    office.goto(report)
    office.set_input_files("input[type=file]", str(package))
    office.click("text=Kiểm tra và thêm")
    office.wait_for_selector("text=Nguyễn Thị An")
    assert ResultReport.objects.get().people.filter(committee=True).count() == 4
