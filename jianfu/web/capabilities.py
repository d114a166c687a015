"""What each role can do here: the home page lists these, and only pages that exist are linked."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from jianfu.org.models import Role


@dataclass(frozen=True)
class Capability:
    title: str  # lazily translated
    description: str
    url_name: str
    permission: str = ""  # shown only to holders of this Django permission (pay figures)


ROSTER_READ = Capability(_("学校与教师名册"), _("查看管辖范围内的学校、教师（身份证号脱敏显示）"), "org:schools")
UNITS = Capability(_("单位名录"), _("查看本级及上级的党委、政府和各部门"), "org:units")
IMPORT = Capability(_("名册导入导出"), _("用 Excel 模板导入或导出学校、教师、单位；有错整表不写入"), "org:import")
CASES = Capability(_("违规线索"), _("学校拒绝的事项：处理、办结，并按提出单位统计"), "gate:cases")
COMPLAINTS = Capability(_("举报案件"), _("受理、调查、答复教师和群众的举报，查看期限与统计"), "complaints-cases")
QUOTAS = Capability(_("总量与限额"), _("各级、各类事项的基数、当年限额、已登记和剩余数"), "registry:quotas")
RESULTS = Capability(_("检查结果共享"), _("查阅各部门已形成的督查检查结果，避免重复检查"), "registry:results")
AUDIT = Capability(_("审计日志"), _("核对所有操作记录的哈希链是否完整"), "audit:verify")
# Schools and teachers report burdens here, anonymously if they wish (clause 6.3); no case pages for them.
REPORT = Capability(_("举报"), _("反映违反减负措施的情况，可匿名"), "complaints-new")
SECONDMENTS = Capability(
    _("借用与抽调"),
    _("借用、抽调中小学教师：审批、备案、返岗，期限与续借次数按政策包（第 5.2、5.3 条）"),
    "secondments:list",
)
CENSUS = Capability(
    _("在编不在岗摸底"),
    _("某日不在岗的教师：已审批、逾期未返岗、无审批，下达返岗通知（第 5.1 条）"),
    "secondments:census",
)
DICTIONARY = Capability(
    _("数据字典"),
    _("各教育信息系统和本平台已掌握的数据：向学校要数据之前先查一查（第 3.1 条）"),
    "collection:dictionary",
)
DATA_ACCESS = Capability(
    _("数据调取"), _("申请或授权调取已掌握的数据，代替向学校重复采集（第 3.3 条）"), "collection:grants"
)
FORMS = Capability(_("报表填报"), _("已登记的报表：平台已有的数据自动填好，只填其余字段"), "collection:forms")
LOCKED_ACCOUNTS = Capability(
    _("被锁定的账号"), _("本辖区因连续登录失败被暂时锁定的账号：核实后立即解锁"), "org:locked_accounts"
)
MONITORING_SITES = Capability(
    _("监测学校与问卷"),
    _("每年按城区、乡镇、村和学段指定监测学校，发放一次性问卷码，教师匿名填报工时（第 7.4 条）"),
    "monitoring:sites",
)
MONITORING_RESULTS = Capability(
    _("监测结果"), _("问卷回收率和各项工时；登记时预计的工时与学校实测的对比"), "monitoring:results"
)
COUNTY_REPORT = Capability(
    _("年度减负情况报告"), _("由记录汇总数据，撰写、报送市教育局（每年 11 月 25 日前）"), "reports:list"
)
DASHBOARD = Capability(
    _("减负监测仪表盘"), _("历年事项与总量、工时、拒绝、举报、借用：按县（区）、提出单位和类别"), "dashboard:home"
)
MEASURES = Capability(
    _("减负措施落实情况"),
    _("28 项措施的牵头和责任单位按半年报送落实情况，督导部门认可或退回（第 7.1、7.2 条）"),
    "accountability:measures",
)
SCORES = Capability(
    _("督导评分"), _("按评分表由记录计算各县（区）和提出单位的得分，每项得分可追到记录（第 7.2 条）"), "scores:list"
)
PAY = Capability(
    _("教师工资与公务员工资对比"),
    _("各县（区）义务教育教师与当地公务员年平均工资、乡村教师补助；低于公务员的标出差额（第 6.1 条）"),
    "pay:list",
    permission="accountability.view_pay",
)
AUDIT_TRAIL = Capability(
    _("操作记录查询"), _("督导范围内的人员何时做了什么：按单位、人员、对象、时间筛选，可导出"), "pay:trail"
)

CAPABILITIES: dict[str, list[Capability]] = {
    Role.EDUCATION_BUREAU: [
        CASES,
        COMPLAINTS,
        QUOTAS,
        RESULTS,
        ROSTER_READ,
        IMPORT,
        UNITS,
        AUDIT,
        LOCKED_ACCOUNTS,
        SECONDMENTS,
        CENSUS,
        DICTIONARY,
        DATA_ACCESS,
        DASHBOARD,
        MONITORING_SITES,
        MONITORING_RESULTS,
        COUNTY_REPORT,
        MEASURES,
        SCORES,
        PAY,
        Capability(_("审核涉校事项"), _("审核、合并各部门提出的督查检查、进校园活动、报表等事项"), "registry:queue"),
    ],
    Role.APPROVER: [
        Capability(_("审批事项"), _("审批年度计划、临时督查检查、统计调查、教师借用"), "registry:queue"),
        QUOTAS,
        RESULTS,
        UNITS,
        Capability(_("学校名录"), _("查看管辖范围内的学校"), "org:schools"),
        Capability(_("借用教师备案"), _("本级审批、备案的借用和抽调教师"), "secondments:list"),
        MEASURES,
    ],
    Role.JOINT_REVIEWER: [Capability(_("联合审核"), _("参与年度督查检查计划的联合研究"), "registry:queue"), UNITS],
    Role.REQUESTER: [
        RESULTS,
        Capability(_("提出涉校事项"), _("向教育部门报送需要学校或教师参与的事项，查看审批进度"), "registry:demands"),
        Capability(_("学校名录"), _("查看本辖区学校，用于确定事项范围"), "org:schools"),
        Capability(_("借用、抽调教师"), _("从辖区学校名册中选定教师提出借用或抽调，期满报告返岗"), "secondments:list"),
        DICTIONARY,
        DATA_ACCESS,
        FORMS,
        UNITS,
        MEASURES,
    ],
    Role.PRINCIPAL: [
        Capability(_("本校教师名册"), _("查看本校教师的编制与岗位状态"), "org:teachers"),
        Capability(
            _("本校事项日历"), _("已登记、涉及本校的事项，以及每学期预计占用的教师工时"), "registry:my_calendar"
        ),
        Capability(
            _("审查通知、拒绝未备案事项"),
            _("粘贴或上传通知，查看是否属于减负清单，记录拒绝并生成拒绝函"),
            "gate:screen",
        ),
        RESULTS,
        Capability(
            _("本校外出教师"),
            _("被借用、抽调的本校教师：何时离校、何时返岗、经谁批准；确认返岗"),
            "secondments:my_school",
        ),
        FORMS,
        Capability(
            _("监测问卷码"), _("本校是监测学校时：为教师发放一次性问卷码（打印带二维码的纸条）"), "monitoring:sites"
        ),
        REPORT,
    ],
    Role.TEACHER: [
        Capability(_("我的信息"), _("查看本人在名册中的信息"), "org:teachers"),
        Capability(_("我的借用记录"), _("本人被借用、抽调的经历和逐年合计"), "secondments:mine"),
        REPORT,
    ],
    Role.INSPECTOR: [
        ROSTER_READ,
        UNITS,
        AUDIT,
        CASES,
        COMPLAINTS,
        QUOTAS,
        RESULTS,
        SECONDMENTS,
        CENSUS,
        DATA_ACCESS,
        DASHBOARD,
        MONITORING_SITES,
        MONITORING_RESULTS,
        MEASURES,
        SCORES,
        PAY,
        AUDIT_TRAIL,
    ],
}


def capabilities_for(roles, user=None) -> list[Capability]:
    seen, result = set(), []
    for role in roles:
        for capability in CAPABILITIES.get(role, []):
            if capability.permission and not (user and user.has_perm(capability.permission)):
                continue
            if capability.title not in seen:
                seen.add(capability.title)
                result.append(capability)
    return result
