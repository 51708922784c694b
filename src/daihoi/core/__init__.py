"""Pure cores: the logic that must be exactly right, with no Django import.

Everything here takes and returns plain data (frozen dataclasses, str, int)
so it can be checked against the rules on its own and called from the CLI and
the web app alike.
"""
