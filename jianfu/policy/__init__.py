"""The policy engine: a document's clauses as data (a pack) and one pure-Python engine over it.

Imports only the standard library, PyYAML and pydantic (tests/policy/test_boundaries.py enforces it).
"""
