"""Anshun's real divisions (GB/T 2260), a few real townships each, and the unit kinds of a level.

The two management committees have no GB code; `5204L1`/`5204L2` are stable local codes that can
never collide with a GB code (which is all digits).
"""

PROVINCE = ("520000", "贵州省", "province")
CITY = ("520400", "安顺市", "prefecture")

COUNTIES = [
    # code, name, kind, pinyin key (demo usernames), real townships
    (
        "520402",
        "西秀区",
        "district",
        "xixiu",
        ["七眼桥镇", "大西桥镇", "旧州镇", "宁谷镇", "东屯乡", "双堡镇", "蔡官镇"],
    ),
    ("520403", "平坝区", "district", "pingba", ["天龙镇", "白云镇", "夏云镇", "乐平镇", "齐伯镇", "羊昌乡"]),
    ("520422", "普定县", "county", "puding", ["马官镇", "化处镇", "白岩镇", "坪上镇", "补郎乡", "猫洞乡"]),
    (
        "520423",
        "镇宁布依族苗族自治县",
        "autonomous_county",
        "zhenning",
        ["丁旗街道", "江龙镇", "六马镇", "募役镇", "良田镇", "革利乡"],
    ),
    (
        "520424",
        "关岭布依族苗族自治县",
        "autonomous_county",
        "guanling",
        ["上关镇", "花江镇", "永宁镇", "岗乌镇", "断桥镇", "新铺镇"],
    ),
    (
        "520425",
        "紫云苗族布依族自治县",
        "autonomous_county",
        "ziyun",
        ["格凸河镇", "猫营镇", "板当镇", "宗地镇", "大营镇", "坝羊镇"],
    ),
    ("5204L1", "安顺经济技术开发区", "management_committee", "jingkai", ["幺铺镇", "宋旗镇"]),
    ("5204L2", "黄果树旅游区", "management_committee", "huangguoshu", ["黄果树镇", "白水镇", "龙宫镇"]),
]

SHORT_NAMES = {
    "520400": "安顺市",
    "520402": "西秀区",
    "520403": "平坝区",
    "520422": "普定县",
    "520423": "镇宁县",
    "520424": "关岭县",
    "520425": "紫云县",
    "5204L1": "经开区",
    "5204L2": "黄果树旅游区",
}

# (code suffix, kind, name pattern); {d} is the division's full name.
UNITS = [
    ("DW", "party_committee", "中共{d}委员会"),
    ("ZF", "government", "{d}人民政府"),
    ("DWB", "party_office", "中共{d}委员会办公室"),
    ("ZFB", "government_office", "{d}人民政府办公室"),
    ("JYJ", "education_bureau", "{d}教育局"),
    ("TJJ", "statistics_bureau", "{d}统计局"),
    ("DCDB", "supervision_bureau", "{d}督查督办局"),
    ("JW", "discipline_commission", "{d}纪委监委"),
    ("DDS", "education_inspectorate", "{d}人民政府教育督导室"),
    ("WJJ", "department", "{d}卫生健康局"),
    ("GAJ", "department", "{d}公安局"),
    ("YJJ", "department", "{d}应急管理局"),
    ("SCJ", "department", "{d}市场监督管理局"),
    ("MZJ", "department", "{d}民政局"),
    ("WMB", "department", "{d}文明办"),
    ("SFJ", "department", "{d}司法局"),
    ("TW", "department", "共青团{d}委员会"),
    ("FL", "department", "{d}妇女联合会"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱覃武戴孔汤庞"
GIVEN = "文华明国建平志红丽军伟芳英敏静燕玲杰涛斌强磊洋勇艳娟霞秀兰桂荣飞宇鹏辉超刚健峰波俊海云婷雪琳晓春梅丹萍莉亮"
VILLAGE_PARTS = "坪坝寨田湾冲坡岩塘河山石花龙凤鸡马牛羊竹松柳桃李杨新大小上下中高长"
SUBJECTS = [
    "语文",
    "数学",
    "英语",
    "物理",
    "化学",
    "生物",
    "道德与法治",
    "历史",
    "地理",
    "音乐",
    "体育",
    "美术",
    "信息技术",
    "科学",
]
