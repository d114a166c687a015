"""Resolving what a row names (a division, a school) within what the importing user manages."""

from jianfu.org.access import can_manage_roster, managed_divisions
from jianfu.org.models import Division, School


def chunks(items: list, size: int = 2000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class DivisionResolver:
    """Finds a division by code or full name; says whether it is unknown or outside the user's reach."""

    def __init__(self, acting_user, county_level_only: bool):
        self.managed = {d.code: d for d in managed_divisions(acting_user)}
        self.by_name = {d.name: d for d in self.managed.values()}
        self.county_level_only = county_level_only

    def resolve(self, value: str) -> tuple[Division | None, str | None]:
        division = self.managed.get(value) or self.by_name.get(value)
        if division is None:
            exists = Division.objects.filter(code=value).exists() or Division.objects.filter(name=value).exists()
            if exists:
                return None, "不在您的管辖范围内；只能导入本级及下辖区划的数据"
            return None, "不是已知的区划；请填写区划代码（如 520402）或全称（如 西秀区）"
        if self.county_level_only and not division.is_county_level:
            return None, "学校须归属县级区划；请填写所在县（区）而不是市或省"
        return division, None


def schools_by_code(acting_user, codes: list[str]) -> tuple[dict[str, School], set[str]]:
    """The schools named in the file that the user may change, and the codes that exist elsewhere."""
    found, foreign = {}, set()
    for chunk in chunks(sorted(set(codes))):
        for school in School.objects.filter(code__in=chunk).select_related("county"):
            if can_manage_roster(acting_user, school.county):
                found[school.code] = school
            else:
                foreign.add(school.code)
    return found, foreign
