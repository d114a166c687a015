"""The six school levels (学段): reference rows every installation has."""

LEVELS = [
    ("kindergarten", "幼儿园", 1),
    ("primary", "小学", 2),
    ("junior", "初中", 3),
    ("senior", "高中", 4),
    ("vocational", "中职", 5),
    ("special", "特教", 6),
]


def levels_ensure(level_model) -> None:
    """Takes the model as an argument so that the migration can pass its historical one."""
    for code, name, order in LEVELS:
        level_model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
