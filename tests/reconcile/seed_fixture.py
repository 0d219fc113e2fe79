"""The seed disclosure (怀化市养老和工伤保险服务中心 2024) typed by hand from the document.

Values and layout read off data/raw/huaihua-yanglao-gongshang-2024.txt (tables 公开01–09表 and
情况说明), so reconcile can be tested before, and independently of, the loader.
Blank cells are None. Statements follow the narrative columns (section, subject, metric, ...).
"""

from __future__ import annotations

from .frames import disclosure, statement

I, E = "income", "expenditure"
T01 = [
    ("T01", I, "gpb_appropriation", "amount", "933.58", "一、一般公共预算财政拨款收入", "1"),
    ("T01", I, "gf_appropriation", "amount", None, "二、政府性基金预算财政拨款收入", "2"),
    ("T01", I, "soe_appropriation", "amount", None, "三、国有资本经营预算财政拨款收入", "3"),
    ("T01", I, "superior_subsidy", "amount", None, "四、上级补助收入", "4"),
    ("T01", I, "business", "amount", None, "五、事业收入", "5"),
    ("T01", I, "operating", "amount", None, "六、经营收入", "6"),
    ("T01", I, "subsidiary_remit", "amount", None, "七、附属单位上缴收入", "7"),
    ("T01", I, "other", "amount", None, "八、其他收入", "8"),
    ("T01", I, "income_total", "amount", "933.58", "本年收入合计", "10"),
    ("T01", I, "use_nonfiscal_surplus", "amount", None, "使用非财政拨款结余（含专用结余）", "11"),
    ("T01", I, "opening_balance", "amount", None, "年初结转和结余", "12"),
    ("T01", I, "grand_total", "amount", "933.58", "总计", "13"),
    ("T01", E, "201", "amount", None, "一、一般公共服务支出", "14"),
    ("T01", E, "202", "amount", None, "二、外交支出", "15"),
    ("T01", E, "203", "amount", None, "三、国防支出", "16"),
    ("T01", E, "204", "amount", None, "四、公共安全支出", "17"),
    ("T01", E, "205", "amount", None, "五、教育支出", "18"),
    ("T01", E, "206", "amount", None, "六、科学技术支出", "19"),
    ("T01", E, "208", "amount", "853.23", "七、社会保障和就业支出", "20"),
    ("T01", E, "210", "amount", "25.26", "八、卫生健康支出", "21"),
    ("T01", E, "221", "amount", "55.10", "九、住房保障支出", "22"),
    ("T01", E, "expenditure_total", "amount", "933.58", "本年支出合计", "23"),
    ("T01", E, "surplus_distribution", "amount", None, "结余分配", "24"),
    ("T01", E, "closing_balance", "amount", None, "年末结转和结余", "25"),
    ("T01", E, "grand_total", "amount", "933.58", "总计", "26"),
]

ITEMS = [  # code, name, total, basic, project (T03 and T05 print the same numbers)
    ("2080101", "行政运行", "491.87", "491.87", None),
    ("2080109", "社会保险经办机构", "228.79", "71.75", "157.05"),
    ("2080502", "事业单位离退休", "52.52", "52.52", None),
    ("2080505", "机关事业单位基本养老保险缴费支出", "64.37", "64.37", None),
    ("2080799", "其他就业补助支出", "10.67", None, "10.67"),
    ("2089999", "其他社会保障和就业支出", "5.00", None, "5.00"),
    ("2101101", "行政单位医疗", "25.26", "25.26", None),
    ("2210201", "住房公积金", "55.10", "54.22", "0.87"),
]
T02_MEASURES = ("fiscal", "superior_subsidy", "business", "operating", "subsidiary_remit", "other")
T02 = [("T02", None, "total", "total", "933.58", "合计"), ("T02", None, "total", "fiscal", "933.58", "合计")]
T02 += [("T02", None, "total", m, None, "合计") for m in T02_MEASURES[1:]]
for code, name, total, _b, _p in ITEMS:
    T02 += [("T02", None, code, "total", total, name), ("T02", None, code, "fiscal", total, name)]
    T02 += [("T02", None, code, m, None, name) for m in T02_MEASURES[1:]]

T03 = [("T03", None, "total", "total", "933.58", "合计"), ("T03", None, "total", "basic", "759.99", "合计"),
       ("T03", None, "total", "project", "173.59", "合计")]
T03 += [("T03", None, "total", m, None, "合计") for m in ("remit_superior", "operating", "subsidiary_subsidy")]
T05 = [("T05", None, "total", "total", "933.58", "合计"), ("T05", None, "total", "basic", "759.99", "合计"),
       ("T05", None, "total", "project", "173.59", "合计")]
for code, name, total, basic, project in ITEMS:
    T03 += [("T03", None, code, "total", total, name), ("T03", None, code, "basic", basic, name),
            ("T03", None, code, "project", project, name)]
    T03 += [("T03", None, code, m, None, name) for m in ("remit_superior", "operating", "subsidiary_subsidy")]
    T05 += [("T05", None, code, "total", total, name), ("T05", None, code, "basic", basic, name),
            ("T05", None, code, "project", project, name)]

T04 = [
    ("T04", I, "gpb_appropriation", "amount", "933.58", "一、一般公共预算财政拨款", "1"),
    ("T04", I, "gf_appropriation", "amount", "0.00", "二、政府性基金预算财政拨款", "2"),
    ("T04", I, "soe_appropriation", "amount", "0.00", "三、国有资本经营预算财政拨款", "3"),
    ("T04", I, "income_total", "amount", "933.58", "本年收入合计", "10"),
    ("T04", I, "opening_balance", "amount", "0.00", "年初财政拨款结转和结余", "11"),
    ("T04", I, "opening_gpb", "amount", "0.00", "一般公共预算财政拨款", "12"),
    ("T04", I, "opening_gf", "amount", "0.00", "政府性基金预算财政拨款", "13"),
    ("T04", I, "opening_soe", "amount", "0.00", "国有资本经营预算财政拨款", "14"),
    ("T04", I, "grand_total", "amount", "933.58", "总计", "14"),
]
for key, label, no, vals in [
    ("201", "一、一般公共服务支出", "15", (None, None)), ("202", "二、外交支出", "16", (None, None)),
    ("203", "三、国防支出", "17", (None, None)), ("204", "四、公共安全支出", "18", (None, None)),
    ("205", "五、教育支出", "19", (None, None)), ("206", "六、科学技术支出", "20", (None, None)),
    ("208", "七、社会保障和就业支出", "21", ("853.23", "853.23")),
    ("210", "八、卫生健康支出", "22", ("25.26", "25.26")), ("221", "九、住房保障支出", "23", ("55.10", "55.10")),
    ("expenditure_total", "本年支出合计", "24", ("933.58", "933.58")),
    ("closing_balance", "年末财政拨款结转和结余", "25", ("0.00", "0.00")),
    ("closing_gpb", "", "26", (None, None)), ("closing_gf", "", "27", (None, None)),
    ("closing_soe", "", "28", (None, None)), ("grand_total", "总计", "28", (None, None)),
]:
    T04 += [("T04", E, key, "total", vals[0], label, no), ("T04", E, key, "gpb", vals[1], label, no),
            ("T04", E, key, "gf", None, label, no), ("T04", E, key, "soe", None, label, no)]

T06_VALUES = {
    "301": "609.88", "30101": "195.71", "30102": "107.72", "30103": "154.31", "30106": "4.20", "30107": None,
    "30108": "64.37", "30109": None, "30110": "25.26", "30111": None, "30112": "2.19", "30113": "54.22",
    "30114": None, "30199": "1.90",
    "303": "50.35", "30301": None, "30302": None, "30303": None, "30304": None, "30305": "48.98", "30306": None,
    "30307": None, "30308": None, "30309": "1.37", "30310": None, "30311": None, "30399": None,
    "302": "99.77", "30201": "0.03", "30202": None, "30203": None, "30204": None, "30205": None, "30206": None,
    "30207": "0.28", "30208": None, "30209": None, "30211": "0.99", "30212": None, "30213": None, "30214": None,
    "30215": None, "30216": None, "30217": None, "30218": None, "30224": None, "30225": None, "30226": "3.87",
    "30227": None, "30228": "52.01", "30229": None, "30231": None, "30239": "34.13", "30240": None,
    "30299": "8.47",
    "307": None, "30701": None, "30702": None,
    "310": None, "31001": None, "31002": None, "31003": None, "31005": None, "31006": None, "31007": None,
    "31008": None, "31009": None, "31010": None, "31011": None, "31012": None, "31013": None, "31019": None,
    "31021": None, "31022": None, "31099": None,
    "399": None, "39907": None, "39908": None, "39909": None, "39910": None, "39999": None,
}
T06 = [("T06", None, code, "amount", value) for code, value in T06_VALUES.items()]
T06 += [("T06", None, "personnel_total", "amount", "660.23", "人员经费合计"),
        ("T06", None, "public_total", "amount", "99.77", "公用经费合计")]

T07 = [("T07", None, "total", m, None, "合计")
       for m in ("opening", "income", "expenditure_total", "basic", "project", "closing")]
T08 = [("T08", None, "total", m, None, "合计") for m in ("total", "basic", "project")]
T09_KEYS = [f"{b}_{i}" for b in ("budget", "actual")
            for i in ("total", "abroad", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")]
T09_VALUES = ["3.80", "0.00", "2.30", "0.00", "2.30", "1.50", "3.35", "0.00", "2.30", "0.00", "2.30", "1.05"]
T09 = [("T09", None, "row1", k, v) for k, v in zip(T09_KEYS, T09_VALUES)]

CELLS = T01 + T02 + T03 + T04 + T05 + T06 + T07 + T08 + T09

S = statement
STATEMENTS = [
    S("一", "收支总计", "决算", "933.58", line=1236),
    S("一", "收支总计", "增减额", "32.19", direction="增加", basis="上年", line=1236),
    S("一", "收支总计", "增长率", "3.57", "%", direction="增长", basis="上年", line=1236),
    S("二", "收入合计", "决算", "933.58", line=1238),
    S("二", "财政拨款收入", "决算", "933.58", line=1238), S("二", "财政拨款收入", "占比", "100", "%", line=1238),
    S("二", "上级补助收入", "决算", "0", line=1238), S("二", "上级补助收入", "占比", "0", "%", line=1238),
    S("二", "事业收入", "决算", "0", line=1238), S("二", "事业收入", "占比", "0", "%", line=1238),
    S("二", "经营收入", "决算", "0", line=1238), S("二", "经营收入", "占比", "0", "%", line=1238),
    S("二", "附属单位上缴收入", "决算", "0", line=1238), S("二", "附属单位上缴收入", "占比", "0", "%", line=1238),
    S("二", "其他收入", "决算", "0", line=1238), S("二", "其他收入", "占比", "0", "%", line=1238),
    S("三", "支出合计", "决算", "933.58", line=1240),
    S("三", "基本支出", "决算", "759.99", line=1240), S("三", "基本支出", "占比", "81.4", "%", line=1240),
    S("三", "项目支出", "决算", "173.59", line=1240), S("三", "项目支出", "占比", "18.6", "%", line=1240),
    S("三", "上缴上级支出", "决算", "0", line=1240), S("三", "上缴上级支出", "占比", "0", "%", line=1240),
    S("三", "经营支出", "决算", "0", line=1240), S("三", "经营支出", "占比", "0", "%", line=1240),
    S("三", "对附属单位补助支出", "决算", "0", line=1240), S("三", "对附属单位补助支出", "占比", "0", "%", line=1240),
    S("四", "财政拨款收支总计", "决算", "933.58", line=1242),
    S("四", "财政拨款收支总计", "增减额", "32.19", direction="增加", basis="上年", line=1242),
    S("四", "财政拨款收支总计", "增长率", "3.57", "%", direction="增长", basis="上年", line=1242),
    S("五（一）", "财政拨款支出", "决算", "933.58", line=1245),
    S("五（一）", "财政拨款支出", "占比", "100", "%", line=1245),
    S("五（一）", "财政拨款支出", "增减额", "32.19", direction="增加", basis="上年", line=1245),
    S("五（一）", "财政拨款支出", "增长率", "3.57", "%", direction="增长", basis="上年", line=1245),
    S("五（二）", "财政拨款支出", "决算", "933.58", line=1247),
    S("五（二）", "社会保障和就业（类）支出", "决算", "853.23", line=1247),
    S("五（二）", "社会保障和就业（类）支出", "占比", "91.39", "%", line=1247),
    S("五（二）", "卫生健康（类）支出", "决算", "25.26", line=1247),
    S("五（二）", "卫生健康（类）支出", "占比", "2.71", "%", line=1247),
    S("五（二）", "住房保障（类）支出", "决算", "55.1", line=1247),
    S("五（二）", "住房保障（类）支出", "占比", "5.90", "%", line=1247),
    S("五（三）", "财政拨款支出", "年初预算", "910.69", basis="年初预算", line=1249),
    S("五（三）", "财政拨款支出", "决算", "933.58", line=1249),
    S("五（三）", "财政拨款支出", "完成率", "102.51", "%", basis="年初预算", line=1249),
    S("五（三）", "社会保障和就业支出", "年初预算", "831.09", basis="年初预算", line=1251),
    S("五（三）", "社会保障和就业支出", "决算", "853.23", line=1251),
    S("五（三）", "卫生健康支出", "年初预算", "25.26", basis="年初预算", line=1253),
    S("五（三）", "卫生健康支出", "决算", "25.26", line=1253),
    S("五（三）", "卫生健康支出", "完成率", "100", "%", basis="预算", line=1253),
    S("五（三）", "住房保障支出", "年初预算", "53.34", basis="年初预算", line=1255),
    S("五（三）", "住房保障支出", "决算", "55.10", line=1255),
    S("六", "基本支出", "决算", "759.99", line=1258),
    S("六", "人员经费", "决算", "660.23", line=1259), S("六", "人员经费", "占比", "86.87", "%", line=1259),
    S("六", "公用经费", "决算", "99.77", line=1260), S("六", "公用经费", "占比", "13.13", "%", line=1260),
    S("七（一）", "三公经费", "预算", "3.8", basis="预算", line=1263),
    S("七（一）", "三公经费", "决算", "3.35", line=1263),
    S("七（一）", "三公经费", "完成率", "88.16", "%", basis="预算", line=1263),
    S("七（一）", "三公经费", "增减额", "2.15", direction="增加", basis="上年", line=1263),
    S("七（一）", "三公经费", "增长率", "178.78", "%", direction="增长", basis="上年", line=1263),
    S("七（二）", "因公出国（境）费", "预算", "0", basis="预算", line=1265),
    S("七（二）", "因公出国（境）费", "决算", "0", line=1265),
    S("七（二）", "因公出国（境）费", "增减额", "0", direction="增加（减少）", basis="上年", line=1265),
    S("七（二）", "公务用车购置及运行维护费", "预算", "2.3", basis="预算", line=1266),
    S("七（二）", "公务用车购置及运行维护费", "决算", "2.3", line=1266),
    S("七（二）", "公务用车购置及运行维护费", "完成率", "100", "%", basis="预算", line=1266),
    S("七（二）", "公务用车购置及运行维护费", "增减额", "2.3", direction="增加", basis="上年", line=1266),
    S("七（二）", "公务用车购置及运行维护费", "增长率", "100", "%", direction="增长", basis="上年", line=1266),
    S("七（二）", "公务用车购置费", "预算", "0", basis="预算", line=1266),
    S("七（二）", "公务用车购置费", "决算", "0", line=1266),
    S("七（二）", "公务用车购置费", "增减额", "0", direction="增加（减少）", basis="上年", line=1266),
    S("七（二）", "公务接待费", "预算", "1.5", basis="预算", line=1267),
    S("七（二）", "公务接待费", "决算", "1.05", line=1267),
    S("七（二）", "公务接待费", "完成率", "70", "%", basis="预算", line=1267),
    S("七（二）", "公务接待费", "增减额", "0.15", direction="减少", basis="上年", line=1267),
    S("七（二）", "公务接待费", "增长率", "12.5", "%", direction="增长（降低）", basis="上年", line=1267),
    S("十", "机关运行经费", "决算", "99.77", line=1274),
    S("十", "机关运行经费", "增减额", "22.19", direction="增加", basis="上年", line=1274),
    S("十", "机关运行经费", "增长率", "28.60", "%", direction="增长", basis="上年", line=1274),
    S("十一", "会议费", "会议费", "0.44", line=1276),
    S("十一", "培训费", "培训费", "0.44", line=1276),
    S("十四", "部门整体支出", "年初预算", "910.69", basis="年初预算", line=1289),
    S("十四", "一般公共预算拨款收入", "年初预算", "910.69", basis="年初预算", line=1289),
    S("十四", "基本支出", "年初预算", "753.19", basis="年初预算", line=1290),
    *[S("十四", name, "年初预算", value, basis="年初预算", line=1290) for name, value in [
        ("基本工资", "186.86"), ("津贴补贴", "113.42"), ("奖金", "152.58"), ("公车交通补贴", None),
        ("社保缴费", "64.78"), ("职工基本医疗保险缴费", "25.26"), ("住房公积金", "54.34"),
        ("其他工资福利支出", "9.34"), ("对个人和家庭的补助", "45.24"), ("工会经费", "62.41"),
        ("其他商品和服务支出", "38.96")]],
    S("十四", "项目支出", "年初预算", "152.5", basis="年初预算", line=1291),
    S("十四", "基本支出", "决算", "759.99", line=1294),
    S("十四", "人员经费", "决算", "660.23", line=1294),
    S("十四", "公用经费", "决算", "99.77", line=1294),
    S("十四", "专项资金", "收入", "173.59", line=1297),
    S("十四", "专项资金", "决算", "173.59", line=1297),
    S("十四", "专项资金", "执行率", "100", "%", line=1297),
    *[s for name, value, rate, line in [
        ("社会保险基金防风险堵漏洞工作经费", "20", "100", 1299), ("社保经办机构工作经费", "104.55", "100", 1306),
        ("工伤专项业务工作经费", "27.5", "100.00", 1315), ("工伤预防工作经费", "5", "100.00", 1321),
        ("公益性岗位及社保补贴", "10.67", "100.00", 1325), ("人力资源和社会保障经费", "5", "100.00", 1328),
        ("住房公积金单位部分经费", "0.87", "100.00", 1331)]
      for s in (S("十四 专项资金", name, "预算", value, line=line), S("十四 专项资金", name, "决算", value, line=line),
                S("十四 专项资金", name, "执行率", rate, "%", line=line))],
    S("十四 城乡居民社会养老保险", "基金总收入", "基金收入", "24.30", "亿元", line=1357),
    *[S("十四 城乡居民社会养老保险", name, "基金收入", value, unit, line=1357) for name, value, unit in [
        ("缴费收入", "7.87", "亿元"), ("财政补贴收入", "16.37", "亿元"), ("利息收入", "417.46", "万元"),
        ("转移收入", "149.43", "万元"), ("其他收入", "40.71", "万元"), ("集体补助收入", "19.03", "万元")]],
    S("十四 城乡居民社会养老保险", "基金总支出", "基金支出", "17.01", "亿元", line=1357),
    *[S("十四 城乡居民社会养老保险", name, "基金支出", value, unit, line=1357) for name, value, unit in [
        ("养老金待遇支出", "16.98", "亿元"), ("转移支出", "85.72", "万元"), ("其他支出", "158.5", "万元")]],
    S("十四 城乡居民社会养老保险", "基金", "当期结余", "7.29", "亿元", line=1357),
    S("十四 城乡居民社会养老保险", "基金", "累计结余", "44.23", "亿元", line=1357),
]


def seed_disclosure(cells=None, statements=None):
    """A FakeDisclosure of the seed (optionally with replaced cells / statements)."""
    return disclosure(cells if cells is not None else CELLS,
                      statements if statements is not None else STATEMENTS,
                      found=[f"T0{i}" for i in range(1, 10)],
                      empty={"T07": "我单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。",
                             "T08": "我单位没有使用国有资本经营预算安排的支出，故本表无数据。"})
