"""What the bench's tests share: a toy province with registered demands in a database other processes
(gunicorn) can read, so a figure is measured the way the bench measures it, only smaller."""

import pytest


@pytest.fixture
def a_small_registry(transactional_db):
    from django.contrib.auth import get_user_model

    from jianfu.audit.models import AuditHead
    from jianfu.bench.province import province_build
    from jianfu.bench.registry_figures import demands_generate
    from jianfu.org.levels import levels_ensure
    from jianfu.org.models import Level

    levels_ensure(Level)
    AuditHead.objects.get_or_create(pk=1)
    province_build(schools=88, teachers=176)
    demands_generate(176)
    get_user_model().objects.get_or_create(username="bench-author")
