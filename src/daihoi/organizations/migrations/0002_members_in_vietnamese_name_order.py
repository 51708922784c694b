"""Members get a stored Vietnamese sort key, filled for the members already kept.

The key comes from the pure collation core (no Django, no models), the one
the ballots use, so the migration and the code writing new members agree.
"""

from django.db import migrations, models

from daihoi.core.collation import sort_string

BATCH = 2000


def fill_name_order(apps, schema_editor):  # type: ignore[no-untyped-def]
    Member = apps.get_model("organizations", "Member")
    last = 0
    while True:
        batch = list(
            Member.objects.filter(pk__gt=last).order_by("pk").only("pk", "full_name")[:BATCH]
        )
        if not batch:
            return
        for m in batch:
            m.name_order = sort_string(m.full_name)
        Member.objects.bulk_update(batch, ["name_order"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="member",
            options={"ordering": ["unit", "name_order", "pk"], "verbose_name": "member"},
        ),
        migrations.AddField(
            model_name="member",
            name="name_order",
            field=models.TextField(db_index=True, default="", editable=False),
        ),
        migrations.RunPython(fill_name_order, migrations.RunPython.noop, elidable=True),
    ]
