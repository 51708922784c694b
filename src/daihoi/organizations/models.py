"""The organization tree: levels as data, units with a materialized path, members."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from daihoi.organizations.paths import subtree_upper_bound


class Level(models.Model):
    """A level of the tree (Trung ương, Tỉnh, Xã/Phường, Cơ sở, Chi bộ …): data, not code."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("0 is the top level"))
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("level")

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(models.QuerySet["Unit"]):
    def subtree(self, unit: Unit, *, include_self: bool = True) -> UnitQuerySet:
        qs = self.filter(path__gte=unit.path, path__lt=subtree_upper_bound(unit.path))
        return qs if include_self else qs.exclude(pk=unit.pk)

    def active(self) -> UnitQuerySet:
        return self.filter(end_date__isnull=True)


class Unit(models.Model):
    """A node of the tree (đảng bộ, chi bộ …).

    Dissolved and merged units stay, with their end date, so history reads as it was.
    """

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    #: ``core.collation.search_form(name)``, written with the name: what the unit
    #: search compares, so "hoa binh" finds Hòa Bình without reading every name.
    search_name = models.CharField(max_length=255, editable=False, default="", db_index=True)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    members_count = models.PositiveIntegerField(_("members"), default=0)
    start_date = models.DateField(_("established"), null=True, blank=True)
    end_date = models.DateField(_("dissolved"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    note = models.TextField(_("note"), blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="unit_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.end_date is None

    def contains(self, other: Unit) -> bool:
        """True when ``other`` is this unit or below it."""
        return other.path.startswith(self.path)


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Member(models.Model):
    """A member of a unit, with what the congress and personnel work need and no more."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="members")
    full_name = models.CharField(_("full name"), max_length=150)
    #: ``core.collation.sort_string(full_name)``, written with the name, so a long
    #: list of members pages in Vietnamese order (Huỳnh after Hà, Đỗ before Võ).
    name_order = models.TextField(editable=False, default="", db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    is_official = models.BooleanField(_("official member"), default=True)

    class Meta:
        ordering = ["unit", "name_order", "pk"]
        verbose_name = _("member")

    def __str__(self) -> str:
        return self.full_name
