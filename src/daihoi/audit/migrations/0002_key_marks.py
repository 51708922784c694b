"""Key marks on the audit chain; the entries already written are marked at the upgrade.

The entries written before this version get their marks now, under a key
created here (or the one already in the audit key file), and the head
records the first entry marked when it was written (``keyed_from``): the
marks of the entries before it say the chain was not changed after the
upgrade, not before.
"""

from django.db import migrations, models

from daihoi.audit.chain import entry_mark, head_mark
from daihoi.audit.keys import audit_key_create, audit_key_path, audit_key_read

BATCH = 2000


def mark_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    entry_model = apps.get_model("audit", "AuditEntry")
    head_model = apps.get_model("audit", "AuditHead")
    alias = schema_editor.connection.alias
    head = head_model.objects.using(alias).filter(singleton=1).first()
    entries = entry_model.objects.using(alias)
    if head is None and not entries.exists():
        return  # a new installation: the key comes with the first entry
    path = audit_key_path()
    key = audit_key_read(path) or audit_key_create(path)
    last = None
    while True:
        chunk = entries.order_by("seq")
        if last is not None:
            chunk = chunk.filter(seq__gt=last)
        batch = list(chunk[:BATCH])
        if not batch:
            break
        for entry in batch:
            entry.mark = entry_mark(key, entry.hash)
        entry_model.objects.using(alias).bulk_update(batch, ["mark"])
        last = batch[-1].seq
    if head is not None:
        head.keyed_from = head.seq + 1
        head.mark = head_mark(key, seq=head.seq, digest=head.hash, keyed_from=head.keyed_from)
        head.save(update_fields=["keyed_from", "mark"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="mark",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="audithead",
            name="keyed_from",
            field=models.BigIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="audithead",
            name="mark",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(mark_existing, migrations.RunPython.noop),
    ]
