"""Collecting a pack's problems, each with its file, line and key, in Chinese and English."""

from jianfu.policy.facts import FACTS
from jianfu.policy.source import Problem

CONDITION_FORMS = {
    frozenset({"fact", "is"}),
    frozenset({"fact", "in"}),
    frozenset({"fact", "not_in"}),
    frozenset({"fact", "any_of"}),
    frozenset({"fact", "empty"}),
    frozenset({"fact", "above"}),
    frozenset({"days_from", "to", "below"}),
    frozenset({"quota"}),
}


class Checker:
    def __init__(self):
        self.problems: list[Problem] = []
        self.clause_ids: set[str] = set()
        self.limit_codes: set[str] = set()
        self.category_codes: set[str] = set()

    def problem(self, container, key, zh: str, en: str) -> None:
        """A problem at `key` of a mapping from YAML (the key's own line where known)."""
        lines = getattr(container, "lines", {})
        line = lines.get(key) if isinstance(lines, dict) else None
        self.problem_at(getattr(container, "source", "?"), line or getattr(container, "line", 0), key, zh, en)

    def problem_at(self, source: str, line: int, key, zh: str, en: str) -> None:
        self.problems.append(Problem(source, line, str(key), zh, en))

    def keys(self, data, required: set[str], optional: set[str]) -> None:
        if not isinstance(data, dict):
            self.problem(data, "-", "此处应为键值表", "a mapping is expected here")
            return
        for key in sorted(set(data) - required - optional, key=str):
            allowed = ", ".join(sorted(required | optional))
            self.problem(
                data, key, f"未知的键 {key!r}（允许：{allowed}）", f"unknown key {key!r} (expected: {allowed})"
            )
        for key in sorted(required - set(data)):
            self.problem(data, key, f"缺少必填的键 {key!r}", f"missing required key {key!r}")

    def type_(self, data, key: str, kind: type, zh: str, en: str) -> None:
        if key in data and not isinstance(data[key], kind):
            self.problem(data, key, f"{key} 应为{zh}", f"{key} must be {en}")

    def one_of(self, data, key: str, allowed) -> None:
        if key in data and data[key] not in allowed:
            names = ", ".join(sorted(allowed))
            self.problem(data, key, f"{data[key]!r} 不是允许的取值（{names}）", f"{data[key]!r} is not one of {names}")

    def clause_ref(self, data, key: str) -> None:
        if key in data and str(data[key]) not in self.clause_ids:
            self.problem(
                data,
                key,
                f"引用了不存在的条款 {data[key]!r}；请在 clauses.yaml 中定义或更正编号",
                f"refers to clause {data[key]!r}, which clauses.yaml does not define",
            )

    def mapping(self, parent, key, value) -> bool:
        if isinstance(value, dict):
            return True
        self.problem(parent, key, "此处应为键值表", "a mapping is expected here")
        return False

    def items(self, data, key: str, required: bool = True):
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return [] if not required or key not in data else self._not_list(data, key)
        return self.items_of(value) if isinstance(value, list) else self._not_list(data, key)

    def _not_list(self, data, key):
        self.problem(data, key, "此处应为列表", "a list is expected here")
        return []

    def items_of(self, value) -> list:
        result = []
        for index, item in enumerate(value if isinstance(value, list) else []):
            if isinstance(item, dict):
                result.append(item)
            else:
                source, line = getattr(value, "source", "?"), value.lines[index]
                self.problem_at(source, line, index, "列表项应为键值表", "list items must be mappings")
        return result

    def condition(self, condition) -> dict:
        if frozenset(condition) not in CONDITION_FORMS:
            self.problem(
                condition,
                "-",
                f"无法识别的条件 {dict(condition)}；可用形式见 docs/policy-authoring.md",
                f"unrecognised condition {dict(condition)}; see docs/policy-authoring.md",
            )
            return dict(condition)
        for key in ("fact", "days_from", "to"):
            if key in condition and condition[key] not in FACTS:
                self.problem(condition, key, f"未知的事实 {condition[key]!r}", f"unknown fact {condition[key]!r}")
        for key in ("above", "below"):
            value = condition.get(key)
            if isinstance(value, str) and value not in self.limit_codes:
                self.problem(
                    condition,
                    key,
                    f"未知的限值 {value!r}；请在 limits/ 中定义",
                    f"unknown limit {value!r}; define it in limits/",
                )
        if "quota" in condition and condition["quota"] != "exceeded":
            self.problem(condition, "quota", "quota 条件只能是 exceeded", "the quota condition must be `exceeded`")
        return dict(condition)
