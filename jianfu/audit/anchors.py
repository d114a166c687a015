"""Checkpoint files: `jianfu audit anchor --output FILE` writes one, `verify --anchor FILE` reads it back."""

import json
from datetime import datetime
from pathlib import Path

from jianfu.audit.models import AuditCheckpoint
from jianfu.audit.verify import Anchor

FORMAT = "jianfu-audit-anchor/1"


class AnchorUnreadable(Exception):
    """The file is not a checkpoint this platform wrote; the message says what is wrong."""


def anchor_write(checkpoint: AuditCheckpoint, path: Path) -> None:
    body = {
        "format": FORMAT,
        "events": checkpoint.events,
        "head_hash": checkpoint.hash,
        "at": checkpoint.at.isoformat(),
        "signature": checkpoint.signature,
    }
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def anchor_read(path: Path) -> Anchor:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnchorUnreadable(f"检查点文件 {path} 不存在；请给出 jianfu audit anchor 写出的文件") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise AnchorUnreadable(f"检查点文件 {path} 不是 JSON；请给出 jianfu audit anchor 写出的文件") from None
    try:
        if body["format"] != FORMAT:
            raise ValueError
        at = datetime.fromisoformat(body["at"])
        if at.tzinfo is None:
            raise ValueError
        return Anchor(
            int(body["events"]), str(body["head_hash"]), at, str(body["signature"]), f"检查点文件 {path.name}"
        )
    except (KeyError, TypeError, ValueError):
        raise AnchorUnreadable(
            f"检查点文件 {path} 缺少或写错了字段（format、events、head_hash、at、signature）；请用原文件"
        ) from None
