import json

from django.core.management.base import BaseCommand, CommandError

from jianfu.packs.active import search_path
from jianfu.policy.cases import coverage, run_case
from jianfu.policy.engine import Engine, engine_for
from jianfu.policy.model import SEVERITY_LABELS
from jianfu.policy.pack import pack_dirs
from jianfu.policy.source import PackError


class Command(BaseCommand):
    help = "政策包：check 校验全部政策包并运行案例；show 列出条款、规则、限值、减负清单；explain 解释一条规则。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "show", "explain"])
        parser.add_argument("rule", nargs="?", help="explain 的规则代码")
        parser.add_argument("--pack", help="政策包编号（默认：当前启用的政策包；check 默认校验全部）")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, action, rule, pack, json, **options):
        if action == "check":
            return self.check_packs([pack] if pack else sorted(pack_dirs(search_path())))
        engine = self._engine(pack)
        if action == "show":
            return self.show(engine, json)
        if not rule:
            raise CommandError("请给出要解释的规则代码，例如：jianfu policy explain street_duty")
        return self.explain(engine, rule)

    def _engine(self, pack: str | None) -> Engine:
        from django.conf import settings

        try:
            return engine_for(pack or settings.JIANFU_POLICY_PACK, search_path())
        except PackError as error:
            raise CommandError(str(error)) from None

    def check_packs(self, pack_ids: list[str]) -> None:
        failed = False
        for pack_id in pack_ids:
            try:
                engine = engine_for(pack_id, search_path())
            except PackError as error:
                self.stdout.write(self.style.ERROR(f"✗ {pack_id}：政策包有误 / invalid pack\n{error}"))
                failed = True
                continue
            outcomes = [run_case(engine, case) for case in engine.pack.cases]
            broken = [o for o in outcomes if not o.passed]
            failed |= bool(broken)
            mark = self.style.SUCCESS("✓") if not broken else self.style.ERROR("✗")
            self.stdout.write(f"{mark} {pack_id}：{len(outcomes) - len(broken)}/{len(outcomes)} 个案例通过")
            for outcome in broken:
                self.stdout.write(f"    ✗ {outcome.name}: " + "; ".join(outcome.failures))
            if engine.pack.parent:
                self.stdout.write(f"    继承自 {engine.pack.parent}：规则与条款的覆盖见上级政策包的案例")
            else:
                self.stdout.write(self._coverage_table(engine, outcomes))
        if failed:
            raise CommandError("政策包校验未通过 / policy check failed")

    def _coverage_table(self, engine: Engine, outcomes) -> str:
        lines = ["    条款   规则                                      触发案例  不触发案例"]
        for code, (fired, absent) in sorted(
            coverage(engine, outcomes).items(), key=lambda item: (engine.pack.rules[item[0]].clause, item[0])
        ):
            flag = "" if fired and absent else "  ← 案例不足 / not covered both ways"
            lines.append(f"    {engine.pack.rules[code].clause:<6} {code:<42} {fired:>6} {absent:>10}{flag}")
        looked_up = {o.clause for o in outcomes if o.clause}
        missing = sorted(set(engine.pack.clauses) - looked_up)
        lines.append(
            f"    条款查询案例：{len(looked_up)}/{len(engine.pack.clauses)}"
            + (f"（缺：{', '.join(missing)}）" if missing else "")
        )
        return "\n".join(lines)

    def show(self, engine: Engine, as_json: bool) -> None:
        pack = engine.pack
        data = {
            "pack": {
                "id": pack.id,
                "title": pack.title,
                "document_number": pack.document_number,
                "issuer": pack.issuer,
                "issued_on": pack.issued_on.isoformat(),
                "parent": pack.parent,
                "jurisdiction": pack.jurisdiction,
            },
            "clauses": [
                {"id": c.id, "title": c.title, "lead_unit": c.lead_unit, "responsible_units": list(c.responsible_units)}
                for c in pack.clauses.values()
            ],
            "rules": [
                {"code": r.code, "clause": r.clause, "severity": r.severity.value, "title": r.title}
                for r in pack.rules.values()
            ],
            "limits": [
                {
                    "code": limit.code,
                    "label": limit.label,
                    "values": [
                        {"since": v.since.isoformat(), "value": v.value, "clause": v.clause} for v in limit.values
                    ],
                }
                for limit in pack.limits.values()
            ],
            "negative_list": [{"no": item.no, "text": item.text, "clause": item.clause} for item in pack.negative_list],
        }
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{pack.title}（{pack.document_number}），{pack.issuer}，{pack.issued_on}")
        self.stdout.write("\n条款：")
        for c in data["clauses"]:
            self.stdout.write(
                f"  {c['id']:<5} {c['title']}" + (f"（牵头：{c['lead_unit']}）" if c["lead_unit"] else "")
            )
        self.stdout.write("\n规则：")
        for r in pack.rules.values():
            self.stdout.write(f"  {r.clause:<5} {r.code:<40} {SEVERITY_LABELS[r.severity]}  {r.title}")
        self.stdout.write("\n限值：")
        for limit in pack.limits.values():
            values = "；".join(f"{v.since} 起 {v.value}（{v.clause}）" for v in limit.values)
            self.stdout.write(f"  {limit.code:<38} {limit.label}：{values}")
        self.stdout.write("\n减负清单：")
        for item in pack.negative_list:
            self.stdout.write(f"  {item.no:>2}. {item.text}")

    def explain(self, engine: Engine, code: str) -> None:
        rule = engine.pack.rules.get(code)
        if rule is None:
            near = [c for c in engine.pack.rules if code in c or c in code][:5]
            hint = f"；相近的有：{', '.join(near)}" if near else "；用 jianfu policy show 查看全部规则"
            raise CommandError(f"没有规则 {code}{hint}")
        clause = engine.clause(rule.clause)
        outcomes = [run_case(engine, case) for case in engine.pack.cases]
        self.stdout.write(f"{rule.code}：{rule.title}")
        self.stdout.write(f"依据：第 {clause.id} 条 {clause.title}")
        self.stdout.write(f"  {clause.text}")
        self.stdout.write(f"结论：{SEVERITY_LABELS[rule.severity]}（{rule.severity.value}）")
        self.stdout.write(
            f"适用事项：{'、'.join(engine.pack.categories[c].label for c in rule.categories) or '全部事项'}"
        )
        self.stdout.write("条件（全部成立时触发）：")
        for condition in rule.when:
            self.stdout.write(f"  - {condition}")
        self.stdout.write(f"提示：{rule.message}")
        self.stdout.write("案例：")
        for outcome in outcomes:
            if code in outcome.fired:
                self.stdout.write(f"  触发    {outcome.name}")
            elif code in outcome.checked_absent:
                self.stdout.write(f"  不触发  {outcome.name}")
