"""daihoi: prepare and hold a hierarchical organization's congresses at every level."""

__version__ = "0.1.0"
