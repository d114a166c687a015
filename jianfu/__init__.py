"""Jianfu (减负通): the single gate for demands on schools and teachers."""
