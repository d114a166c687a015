"""GET /api/v1/inbox: what waits for the caller, as the inbox page shows it."""

from datetime import date, datetime

from ninja import Router, Schema

from jianfu.deadlines.selectors import inbox_for

router = Router(tags=["待办"])


class ObligationOut(Schema):
    id: int
    kind: str
    state: str
    what: str
    owner: str
    clause: str
    due: date
    estimated: bool
    link: str


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read: bool


class InboxOut(Schema):
    count: int
    obligations: list[ObligationOut]
    notifications: list[NotificationOut]


@router.get("/inbox", response=InboxOut, summary="我的待办：未办结的时限义务和通知（最新在前）")
def inbox(request):
    box = inbox_for(request.user)
    return {
        "count": box.count,
        "obligations": [
            {
                "id": o.pk,
                "kind": o.kind,
                "state": o.state,
                "what": o.what,
                "owner": o.owner_name,
                "clause": o.clause,
                "due": o.due_on,
                "estimated": o.due_estimated,
                "link": o.link,
            }
            for o in box.obligations
        ],
        "notifications": [
            {
                "id": n.pk,
                "kind": n.kind,
                "title": n.title,
                "body": n.body,
                "link": n.link,
                "created_at": n.created_at,
                "read": n.read_at is not None,
            }
            for n in box.notifications
        ],
    }
