"""The `jianfu` command: Django's management commands under one name (`jianfu demo`, `jianfu import`...)."""

import os
import sys
from argparse import ArgumentTypeError
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianfu.config.settings")
    if len(argv) > 1 and argv[1] == "bench":
        # The benchmark builds a province in a database of its own, never in the working one: it drops that
        # database every run, so it never reads DATABASE_URL; JIANFU_BENCH_DATABASE_URL chooses PostgreSQL.
        var = Path(os.environ.get("JIANFU_VAR_DIR") or Path(__file__).resolve().parent.parent / "var")
        os.environ["DATABASE_URL"] = os.environ.get("JIANFU_BENCH_DATABASE_URL", f"sqlite:///{var / 'bench.sqlite3'}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


def positive_integer(option: str, example: str):
    """An option's argparse type: a whole number from 1 in ASCII digits; anything else (0, -1, "²", "two") is
    refused with a Chinese message naming the option and an example, where int() would take 0 and -1 silently."""

    def typed(value: str) -> int:
        number = int(value) if value.isascii() and value.isdigit() else 0
        if number < 1:
            raise ArgumentTypeError(f"{option} 须是正整数（收到「{value}」），例如 {example}")
        return number

    return typed
