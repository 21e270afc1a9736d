"""English names of Chinese government bodies, for any province, city or county. Pure.

A unit's name is read as [place][level]<kind>[suffix]: 甘肃省财政厅 is Gansu + provincial + finance +
department, 市发展改革委 is municipal + development and reform + commission, 立山区发改局 is Lishan +
district + development and reform + bureau. The kinds and their common short forms (发改委, 人社局,
住建厅, 卫健委…) are a table; the place is written in pinyin. A name the table cannot read is shown
in Chinese with its pinyin, never dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .units import PROVINCE_EN

# kind (as written after the place and level) → English. Longer forms first when matching.
KINDS: dict[str, str] = {
    "发展和改革": "Development and Reform",
    "发展改革": "Development and Reform",
    "发改": "Development and Reform",
    "财政": "Finance",
    "教育": "Education",
    "科学技术": "Science and Technology",
    "科技": "Science and Technology",
    "工业和信息化": "Industry and Information Technology",
    "工信": "Industry and Information Technology",
    "经济和信息化": "Economy and Information Technology",
    "经信": "Economy and Information Technology",
    "公安": "Public Security",
    "民政": "Civil Affairs",
    "司法": "Justice",
    "人力资源和社会保障": "Human Resources and Social Security",
    "人力资源社会保障": "Human Resources and Social Security",
    "人力社保": "Human Resources and Social Security",
    "人社": "Human Resources and Social Security",
    "自然资源": "Natural Resources",
    "国土资源": "Land and Resources",
    "生态环境": "Ecology and Environment",
    "环境保护": "Environmental Protection",
    "环保": "Environmental Protection",
    "住房和城乡建设": "Housing and Urban-Rural Development",
    "住房城乡建设": "Housing and Urban-Rural Development",
    "住建": "Housing and Urban-Rural Development",
    "交通运输": "Transport",
    "交通": "Transport",
    "水利": "Water Resources",
    "水务": "Water Affairs",
    "农业农村": "Agriculture and Rural Affairs",
    "农业": "Agriculture",
    "商务": "Commerce",
    "文化和旅游": "Culture and Tourism",
    "文化广电旅游": "Culture, Radio, Television and Tourism",
    "文旅": "Culture and Tourism",
    "卫生健康": "Health",
    "卫健": "Health",
    "卫生": "Health",
    "退役军人事务": "Veterans Affairs",
    "应急管理": "Emergency Management",
    "应急": "Emergency Management",
    "审计": "Audit",
    "国有资产监督管理": "State-owned Assets Supervision and Administration",
    "国资": "State-owned Assets Supervision and Administration",
    "市场监督管理": "Market Regulation",
    "市场监管": "Market Regulation",
    "统计": "Statistics",
    "医疗保障": "Healthcare Security",
    "医保": "Healthcare Security",
    "大数据": "Big Data",
    "数据资源": "Data Resources",
    "政务服务": "Government Services",
    "行政审批": "Administrative Approval",
    "林业和草原": "Forestry and Grassland",
    "林草": "Forestry and Grassland",
    "林业": "Forestry",
    "税务": "Taxation",
    "地方金融监督管理": "Local Financial Supervision and Administration",
    "金融": "Financial Affairs",
    "粮食和物资储备": "Grain and Material Reserves",
    "能源": "Energy",
    "体育": "Sports",
    "外事": "Foreign Affairs",
    "侨务": "Overseas Chinese Affairs",
    "民族宗教事务": "Ethnic and Religious Affairs",
    "民宗": "Ethnic and Religious Affairs",
    "信访": "Public Complaints and Proposals",
    "城市管理": "Urban Management",
    "城管": "Urban Management",
    "规划": "Planning",
    "人防": "Civil Air Defence",
    "供销": "Supply and Marketing",
    "招商": "Investment Promotion",
    "机关事务管理": "Government Offices Administration",
    "档案": "Archives",
    "物价": "Pricing",
    "安全生产监督管理": "Work Safety",
    "安监": "Work Safety",
    "网信": "Cyberspace Affairs",
    "编": "Institutional Organization",
    "人口计生": "Population and Family Planning",
}
SUFFIX = {
    "厅": "Department of {kind}",
    "局": "Bureau of {kind}",
    "委": "{kind} Commission",
    "委员会": "{kind} Commission",
    "办": "Office of {kind}",
    "办公室": "Office of {kind}",
}
# Whole names (after place and level) that are no kind + suffix.
WHOLE: dict[str, str] = {
    "人民政府": "People's Government",
    "政府": "People's Government",
    "政府办公厅": "General Office of the People's Government",
    "政府办公室": "General Office of the People's Government",
    "人民政府办公厅": "General Office of the People's Government",
    "人民政府办公室": "General Office of the People's Government",
    "委组织部": "Organization Department of the CPC Committee",
    "委宣传部": "Publicity Department of the CPC Committee",
    "委统战部": "United Front Work Department of the CPC Committee",
    "委政法委": "Political and Legal Affairs Commission of the CPC Committee",
    "总工会": "Federation of Trade Unions",
    "妇联": "Women's Federation",
    "工商联": "Federation of Industry and Commerce",
    "科协": "Association for Science and Technology",
    "残联": "Disabled Persons' Federation",
    "团委": "Communist Youth League Committee",
    "委网信办": "Cyberspace Affairs Office",
    "税务局": "Tax Service",
    "海关": "Customs",
    "国家税务总局": "State Taxation Administration",
    "人民银行": "People's Bank of China Branch",
    "人行": "People's Bank of China Branch",
    "金融办": "Financial Affairs Office",
    "国资委": "State-owned Assets Supervision and Administration Commission",
    "管委会": "Administrative Committee",
    "新区管委会": "New Area Administrative Committee",
    "街道": "Subdistrict",
    "街道办事处": "Subdistrict Office",
    "乡镇": "Township and Town",
    "乡镇政府": "Township and Town People's Government",
    "乡镇人民政府": "Township and Town People's Government",
}
# A named subdistrict or town below the district: 五星街道 → Wuxing Subdistrict.
_NAMED_BELOW = re.compile(r"^((?!各|有关|相关)[\u4e00-\u9fff]{2,4}?)(街道|镇)(办事处|人民政府|政府)?$")
_BELOW = {"街道": "Subdistrict", "镇": "Town", "办事处": " Office", "人民政府": " People's Government",
          "政府": " People's Government"}
LEVELS = {
    "省": "Provincial",
    "自治区": "Autonomous Regional",
    "市": "Municipal",
    "州": "Prefectural",
    "县": "County",
    "区": "District",
    "新区": "New Area",
    "镇": "Town",
    "乡": "Township",
}
_PLACE = re.compile(r"^((?!各|有关|相关)(?:[\u4e00-\u9fff]{2,4}?)(?:省|自治区|新区|市|州|县|区))"
                    r"(?=[\u4e00-\u9fff]{2,})")
_KIND_WORDS = sorted(KINDS, key=len, reverse=True)


_GENERIC = {"各": "Each", "有关": "Relevant", "相关": "Relevant"}   # 各区政府, 有关区政府: no place named


def body_english(name: str) -> str | None:
    """The English of a government body's name, or None when the table cannot read it."""
    generic = next((g for g in _GENERIC if name.startswith(g) and len(name) > len(g) + 1), None)
    if generic:
        rest = body_english(name[len(generic):])
        return f"{_GENERIC[generic]} {rest}" if rest else None
    if name in WHOLE:   # a whole name before any level is read: 乡镇 is townships and towns, not a 乡's 镇
        return WHOLE[name]
    below = _NAMED_BELOW.match(name)
    if below:
        place, kind, office = below.groups()
        return f"{pinyin(place).capitalize()} {_BELOW[kind]}{_BELOW.get(office or '', '')}"
    place, level, rest = _split(name)
    whole = WHOLE.get(rest)
    if whole is None:
        kind = next((k for k in _KIND_WORDS if rest.startswith(k)), None)
        tail = rest[len(kind) :] if kind else ""
        if kind is None or tail not in SUFFIX:
            return None
        whole = SUFFIX[tail].format(kind=KINDS[kind])
    words = [w for w in (place, level) if w]
    return " ".join(words + [whole]) if words else whole


def _split(name: str) -> tuple[str, str, str]:
    """(place in English, level adjective, the rest): 甘肃省财政厅 → (Gansu, Provincial, 财政厅);
    市财政局 → ("", Municipal, 财政局); 团市委 → ("", Municipal, 团委)."""
    if name.startswith("团") and name[1:2] in LEVELS and name.endswith("委"):
        return "", LEVELS[name[1]], "团委"
    m = _PLACE.match(name)
    if m:
        full = m.group(1)
        level_word = next(w for w in ("自治区", "新区", "省", "市", "州", "县", "区") if full.endswith(w))
        return place_english(full[: -len(level_word)]), LEVELS[level_word], name[m.end() :]
    if name[:3] == "自治区":
        return "", LEVELS["自治区"], name[3:]
    if name[:1] in LEVELS:
        return "", LEVELS[name[0]], name[1:]
    return "", "", name


def place_english(place: str) -> str:
    """甘肃 → Gansu, 陕西 → Shaanxi, 广州 → Guangzhou."""
    return PROVINCE_EN.get(place) or pinyin(place).capitalize()


@lru_cache(maxsize=8192)
def pinyin(text: str, capital: bool = False) -> str:
    """The pinyin of a Chinese name: one word's syllables joined, words apart and capitalised when
    `capital` (招商工作部 → Zhaoshang Gongzuo Bu); a place name is one word (广州 → guangzhou)."""
    from pypinyin import lazy_pinyin

    if not capital:
        return "".join(lazy_pinyin(text))
    import jieba

    jieba.setLogLevel(60)
    words = ["".join(lazy_pinyin(w)) for w in jieba.cut(text) if re.search(r"[\u4e00-\u9fff]", w)]
    return " ".join(w[:1].upper() + w[1:] for w in words if w)


def with_pinyin(name: str) -> str:
    """A name the table cannot read: the Chinese with its pinyin beside it."""
    return f"{name} ({pinyin(name, capital=True)})"


def person_english(name: str) -> str:
    """A person's name with its pinyin, family name first (张菁 → 张菁 (Zhang Jing)); a name with a post
    (区长陈兴立) is read word by word."""
    if re.fullmatch(r"[\u4e00-\u9fff]{2,3}", name):
        return f"{name} ({pinyin(name[0]).capitalize()} {pinyin(name[1:]).capitalize()})"
    return with_pinyin(name)

