"""Excel (.xlsx) import and export of the roster: schools, teachers, units. All or nothing."""
