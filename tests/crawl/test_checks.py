"""The crawler's own judges can fail: English is caught, forms are read, writes are seen."""

from __future__ import annotations

from tests.crawl.checks import Writes, english, english_on_page, forms_of, visible_text


def test_english_prose_is_caught_and_vietnamese_is_not() -> None:
    assert english("This field is required.", frozenset())
    assert english("Save", frozenset({"Save"}))
    assert not english("Trường này là bắt buộc.", frozenset({"Save"}))
    assert not english("Chi bộ thôn 3, xã An Phú", frozenset())
    assert english("Please enter your name", frozenset())


def test_a_code_in_capitals_and_digits_is_not_english() -> None:
    assert not english("TZCJ MRQA A5BE LD6L RQX2 MVIS 57OF GLSY", frozenset())
    assert not english("SAYXAAV5 · 3F2A-91C0-7B1E-D4A8", frozenset())
    assert english("Scan it OR type the CODE: it is in your app", frozenset())


def test_text_the_person_typed_back_into_a_textarea_is_not_judged() -> None:
    page = "<p>Lý do</p><textarea>the value is not valid</textarea><script>var a=1</script>"
    assert english_on_page(visible_text(page), frozenset()) == []
    assert english_on_page(visible_text("<p>Please enter a value</p>"), frozenset())


def test_forms_are_read_with_their_fields_choices_and_filled_values() -> None:
    (form,) = forms_of(
        '<form method="post" action="/x/"><input type="hidden" name="csrfmiddlewaretoken" '
        'value="t"><input type="number" name="count"><select name="kind"><option value="a">'
        '</option><option value="b"></option></select><input type="hidden" name="id" value="7">'
        '<input type="checkbox" name="pick" value="3"><button type="submit">Lưu</button></form>'
    )
    assert form.method == "post" and form.action == "/x/"
    assert form.fields == {"count": "number", "kind": "select", "id": "hidden", "pick": "checkbox"}
    assert form.choices == {"kind": ["a", "b"], "pick": ["3"]}
    assert form.values == {"id": "7"}


def test_writes_are_counted_but_reads_and_the_session_are_not() -> None:
    writes = Writes()

    def run(sql: str) -> None:
        writes(lambda *a: None, sql, (), False, {})

    run("SELECT 1")
    run('UPDATE "django_session" SET x = 1')
    assert writes.count == 0
    run('INSERT INTO "audit_auditentry" VALUES (1)')
    assert writes.count == 1
