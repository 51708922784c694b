"""Units get their name in search form (no case, tone or vowel marks, đ as d),
filled for the units already kept, so the search ignores marks on an index.

The form comes from the pure collation core (no Django, no models), the one
the services use when they write a name.
"""

from django.db import migrations, models

from daihoi.core.collation import search_form

BATCH = 2000


def fill_search_name(apps, schema_editor):  # type: ignore[no-untyped-def]
    Unit = apps.get_model("organizations", "Unit")
    last = 0
    while True:
        batch = list(Unit.objects.filter(pk__gt=last).order_by("pk").only("pk", "name")[:BATCH])
        if not batch:
            return
        for u in batch:
            u.search_name = search_form(u.name)
        Unit.objects.bulk_update(batch, ["search_name"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_members_in_vietnamese_name_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="search_name",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill_search_name, migrations.RunPython.noop, elidable=True),
    ]
