"""Telling a chat screenshot's messages from everything around them.

A screenshot of a WeChat, DingTalk or QQ group carries far more than the demand: the status bar's clock,
the group's name in the title bar, a time stamp before messages, each sender's name above the bubble,
and the input bar's labels. Screened as text, "10:32" or a parent's name is noise at best and a false
finding at worst, so they are set apart: kept for the person to see, left out of what is screened.

Pure layout, no image: it works on the recognised lines and their boxes. A phone draws every one of these
things the same way, so layout and colour are enough: bars sit at the top and bottom edges, time stamps
are centred and match a clock pattern, and every message is drawn inside a bubble whose colour differs
from the chat's backdrop — so a line on the backdrop itself (a sender's name, a notice that someone
joined) is not a message. Text size would be a weaker sign: the detector's boxes vary by a quarter."""

import re
from dataclasses import dataclass

TIME_STAMP = re.compile(
    r"^(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日\s*)?"
    r"(?:昨天|前天|今天|星期[一二三四五六日天]|周[一二三四五六日天]|\d{1,2}/\d{1,2})?\s*"
    r"(?:上午|下午|中午|晚上|凌晨|早上)?\s*(?:\d{1,2}[:：]\d{2})?$"
)
INTERFACE_LABELS = frozenset(
    {
        "发送",
        "按住说话",
        "按住 说话",
        "松开 发送",
        "语音通话",
        "视频通话",
        "···",
        "...",
        "<",
        "返回",
        "群公告",
        "切换到键盘",
        "更多",
        "表情",
        "+",
        "消息",
        "通讯录",
        "发现",
        "我",
        "微信",
        "钉钉",
    }
)
STATUS_BAR = 0.09  # of the width: a phone's status bar is about 44 pt tall on a 375 pt-wide screen
TITLE_BAR = 0.2  # status bar and title bar together
INPUT_BAR = 0.16
SAME_COLOUR = 8  # per channel: WeChat draws white bubbles (255) on a 237 grey, so the margin is thin; flat
# areas of a screenshot, even re-compressed as JPEG, stay within a few levels


@dataclass(frozen=True)
class Line:
    """One recognised line: its text, each character's confidence and its upright bounds in pixels."""

    text: str
    scores: tuple[float, ...]
    left: float
    top: float
    right: float
    bottom: float
    ground: tuple[int, int, int] = (255, 255, 255)  # the colour around the text (a bubble's or the backdrop's)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def is_time_stamp(text: str) -> bool:
    text = text.strip()
    return bool(text) and bool(TIME_STAMP.match(text)) and any(c.isdigit() or c in "昨前今星周" for c in text)


def looks_like_chat(lines: list[Line], width: int, height: int) -> bool:
    """A portrait screenshot with at least two of a chat's marks: a centred time stamp, an input-bar label,
    a clock in the status bar."""
    if height < width * 1.3:
        return False
    marks = 0
    marks += any(is_time_stamp(line.text) and _centred(line, width) for line in lines)
    marks += any(line.text.strip() in INTERFACE_LABELS and line.top > height - width * INPUT_BAR for line in lines)
    marks += any(is_time_stamp(line.text) and line.bottom < width * STATUS_BAR for line in lines)
    return marks >= 2


def split_chat(
    lines: list[Line], width: int, height: int, backdrop: tuple[int, int, int]
) -> tuple[list[list[Line]], list[str]]:
    """The messages (each a list of its lines, top to bottom) and the set-apart texts, in reading order.
    `backdrop` is the chat's background colour (the screenshot's commonest)."""
    messages: list[list[Line]] = []
    set_apart: list[str] = []
    for line in lines:
        if _is_chrome(line, width, height) or _on_backdrop(line, backdrop):
            set_apart.append(line.text.strip())
        elif messages and _same_bubble(messages[-1][-1], line):
            messages[-1].append(line)
        else:
            messages.append([line])
    return messages, set_apart


def _is_chrome(line: Line, width: int, height: int) -> bool:
    """The bars, the time stamps and the interface's own labels."""
    text = line.text.strip()
    return (
        line.bottom < width * TITLE_BAR
        or line.top > height - width * INPUT_BAR
        or text in INTERFACE_LABELS
        or (is_time_stamp(text) and _centred(line, width))
    )


def _on_backdrop(line: Line, backdrop: tuple[int, int, int]) -> bool:
    """Outside any bubble: a sender's name, a "recalled a message" notice."""
    return all(abs(a - b) <= SAME_COLOUR for a, b in zip(line.ground, backdrop, strict=True))


def _same_bubble(previous: Line, line: Line) -> bool:
    """A bubble's next line starts at its left edge, less than half a line below."""
    return abs(line.left - previous.left) < previous.height and line.top - previous.bottom < previous.height * 0.6


def _centred(line: Line, width: int) -> bool:
    return abs(line.centre - width / 2) < width * 0.12
