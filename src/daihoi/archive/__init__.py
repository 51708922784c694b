"""A congress's dossier handed over or archived as one signed zip (docs/archive.md)."""
