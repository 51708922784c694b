"""Writes of the personnel app: atomic, validated whole, each with its audit entry.

The audit chain cannot be edited or cut, while personal data must be erasable
after the congress: so the entries here name the objects by id and the fields
that changed, never a name, a birth date or a document's content. Reading a
dossier or exporting a person's data is recorded too (``dossier_read``,
``person_read``).

- :mod:`.people`: a person's data and the terms they served;
- :mod:`.dossiers`: a congress's dossiers and their documents;
- :mod:`.rules`: the term's rules the dossiers are checked against;
- :mod:`.lists`: the proposed list handed to an election;
- :mod:`.retention`: dossiers erased once their time is up.
"""

from daihoi.personnel.services.dossiers import (
    document_add,
    document_remove,
    dossier_create,
    dossier_read,
    dossier_remove,
    dossier_update,
)
from daihoi.personnel.services.lists import (
    Handover,
    list_handover,
)
from daihoi.personnel.services.people import (
    EARLIEST_BIRTH,
    check_birth_date,
    person_read,
    person_update,
    served_term_add,
    served_term_remove,
)
from daihoi.personnel.services.retention import (
    Erased,
    dossiers_erase_expired,
)
from daihoi.personnel.services.rules import (
    RULE_FIELDS,
    ruleset_save,
)

__all__ = [
    "EARLIEST_BIRTH",
    "RULE_FIELDS",
    "Erased",
    "Handover",
    "check_birth_date",
    "document_add",
    "document_remove",
    "dossier_create",
    "dossier_read",
    "dossier_remove",
    "dossier_update",
    "dossiers_erase_expired",
    "list_handover",
    "person_read",
    "person_update",
    "ruleset_save",
    "served_term_add",
    "served_term_remove",
]
