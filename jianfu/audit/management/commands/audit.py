import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jianfu.audit.acknowledge import NotAcknowledged, restoration_acknowledge
from jianfu.audit.anchors import AnchorUnreadable, anchor_read, anchor_write
from jianfu.audit.services import ChainBroken, audit_checkpoint_create
from jianfu.audit.verify import audit_verify


class Command(BaseCommand):
    help = (
        "审计日志：verify 逐条核对哈希链（--anchor FILE 同时核对检查点文件），报告第一处断裂；"
        "anchor --output FILE 为当前链头签一个检查点，存入数据库并写到文件（请另处保存）；"
        "acknowledge --event N --anchor FILE --reason 文字：用重建之前的检查点核对后，确认第 N 条链头重建记录。"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "anchor", "acknowledge"])
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--anchor", action="append", default=[], metavar="FILE", help="verify：检查点文件")
        parser.add_argument("--output", metavar="FILE", help="anchor：检查点写到这个文件")
        parser.add_argument("--event", type=int, metavar="N", help="acknowledge：verify 报告的链头重建事件序号")
        parser.add_argument("--reason", default="", help="acknowledge：核对的经过（记入审计日志）")

    def handle(self, *args, **options):
        if options["action"] == "anchor":
            return self.anchor(options)
        if options["action"] == "acknowledge":
            return self.acknowledge(options)
        return self.verify(options)

    def anchor(self, options):
        if not options["output"]:
            raise CommandError("请用 --output FILE 指定检查点文件的位置（放在数据库所在机器之外更好）。")
        try:
            checkpoint = audit_checkpoint_create()
        except ChainBroken as error:
            raise CommandError(f"审计链断裂，不能为它签检查点：{error}") from None
        anchor_write(checkpoint, Path(options["output"]))
        when = timezone.localtime(checkpoint.at)
        self.stdout.write(
            self.style.SUCCESS(
                f"检查点已写入 {options['output']}：{checkpoint.events} 条事件，链头 {checkpoint.hash}，{when:%Y-%m-%d %H:%M}。"
            )
        )

    def acknowledge(self, options):
        if options["event"] is None or len(options["anchor"]) != 1:
            raise CommandError("请用 --event N 指定链头重建事件，用一个 --anchor FILE 给出重建之前签的检查点。")
        try:
            anchor = anchor_read(Path(options["anchor"][0]))
            event = restoration_acknowledge(options["event"], anchor=anchor, reason=options["reason"])
        except (AnchorUnreadable, NotAcknowledged) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"已确认第 {options['event']} 条链头重建记录（审计事件第 {event.seq} 条）。")
        )

    def verify(self, options):
        try:
            anchors = [anchor_read(Path(name)) for name in options["anchor"]]
        except AnchorUnreadable as error:
            raise CommandError(str(error)) from None
        verdict = audit_verify(anchors=anchors)
        if options["json"]:
            self.stdout.write(json.dumps(verdict.__dict__, ensure_ascii=False))
        elif verdict.ok:
            self.stdout.write(self.style.SUCCESS(f"审计链完整：已核对 {verdict.checked} 条事件。"))
        if not verdict.ok:
            raise CommandError(f"审计链断裂：{verdict.problem}（此前 {verdict.checked} 条完好）。")
