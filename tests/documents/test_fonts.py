"""The serif font: every Vietnamese letter, or a message naming what to install."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from daihoi.documents import fonts


def test_a_serif_family_with_every_vietnamese_letter_is_found_and_registered() -> None:
    family = fonts.register_fonts()
    assert family.name in ("Liberation Serif", "DejaVu Serif")
    for name in (fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC):
        face = pdfmetrics.getFont(name).face
        assert all(ord(c) in face.charToGlyph for c in fonts.vietnamese_letters())


def test_liberation_serif_is_preferred_when_installed() -> None:
    if not Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf").exists():
        pytest.skip("fonts-liberation2 not installed")
    assert fonts.register_fonts().name == "Liberation Serif"


def test_registering_twice_gives_the_same_family() -> None:
    assert fonts.register_fonts() is fonts.register_fonts()


def test_the_letters_include_every_tone_of_every_vowel() -> None:
    letters = fonts.vietnamese_letters()
    for word in ("Nguyễn", "Đặng", "Hường", "Hòa", "Quỳnh", "Ỷ", "ửng", "ĐẢNG CỘNG SẢN VIỆT NAM"):
        assert all(c in letters for c in word if c.isalpha())
    assert len(letters) == 2 * (29 + 12 * 5)


def test_without_a_font_the_error_names_the_debian_packages(tmp_path: Path) -> None:
    with pytest.raises(fonts.FontNotFound) as caught:
        fonts.find_font_family([str(tmp_path)])
    assert "fonts-liberation2" in str(caught.value)
    assert "fonts-dejavu-core" in str(caught.value)


def test_a_family_missing_a_face_is_passed_over(tmp_path: Path) -> None:
    found = fonts.find_font_family()
    (tmp_path / found.regular.name).write_bytes(found.regular.read_bytes())
    with pytest.raises(fonts.FontNotFound):
        fonts.find_font_family([str(tmp_path)])


def test_another_family_cannot_replace_the_one_registered() -> None:
    family = fonts.register_fonts()
    assert fonts.register_fonts(family) is family
    other = replace(family, name="Another Serif")
    with pytest.raises(ValueError, match="already"):
        fonts.register_fonts(other)
    assert fonts.register_fonts() is family


def test_only_finds_the_family_named() -> None:
    found = fonts.find_font_family()
    assert fonts.find_font_family(only=found.name) == found
    with pytest.raises(fonts.FontNotFound) as caught:
        fonts.find_font_family(only="No Such Serif")
    assert "fonts-liberation2" in str(caught.value)


def test_only_names_its_own_package_when_missing(tmp_path: Path) -> None:
    with pytest.raises(fonts.FontNotFound) as caught:
        fonts.find_font_family([str(tmp_path)], only="DejaVu Serif")
    assert "fonts-dejavu-core" in str(caught.value)
    assert "fonts-liberation2" not in str(caught.value)
