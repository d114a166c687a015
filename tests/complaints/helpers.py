"""Shared steps of the complaints tests (H1's): filing as a teacher would, and taking a case through."""

from jianfu.complaints.services import act, file_complaint
from jianfu.workflow.complaint import Action, Finding

PASSPHRASE = "青山绿水常在，初心依旧不改"
CONTENT = "区卫健局要求全体教师周末上街开展文明城市创建执勤，并每日上报照片。"


def filed(world, *, accused="520402-WJJ", content=CONTENT, filer=None, **more):
    return file_complaint(
        accused=accused,
        content=content,
        passphrase=PASSPHRASE,
        school_codes=[world.xixiu_school.code],
        filer=filer,
        **more,
    )


def carried(complaint, user, *steps):
    """Takes the complaint through (action, text, finding) steps, as `user`."""
    for action, text, finding in steps:
        complaint = act(complaint.pk, user, action, text=text, finding=finding)
    return complaint


TO_ANSWER = (
    (Action.ACCEPT, "", None),
    (Action.ASSIGN, "", None),
    (Action.INVESTIGATE, "", None),
    (Action.RECORD_FINDING, "经查，卫健局确曾发文要求教师周末执勤。", Finding.SUBSTANTIATED),
    (Action.TAKE_MEASURES, "已责令卫健局撤回通知，并约谈负责人。", None),
    (Action.ANSWER, "您反映的情况属实，通知已撤回，相关负责人已被约谈。", None),
)
