from django import template

from jianfu.audit.models import AuditCheckpoint

register = template.Library()


@register.inclusion_tag("audit/checkpoint.html")
def audit_checkpoint_latest():
    """The latest signed checkpoint, shown on public pages so that copies of it live outside the database."""
    return {"checkpoint": AuditCheckpoint.objects.order_by("-at", "-events").first()}
