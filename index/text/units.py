"""Responsible units, normalised: the names a (责任单位:…) note abbreviates, written out. Pure.

A note lists units the way officials write them:

- `两省X、省Y` means X and Y of each of the plan's two provinces (`两省区` where one is an
  autonomous region); `甘肃省X、省Y` means X and Y of Gansu;
- `兰州市、海东市政府` shares one suffix: 兰州市政府 and 海东市政府; `国家税务总局青海省、甘肃省税务局`
  shares a prefix and a suffix: 国家税务总局青海省税务局 and 国家税务总局甘肃省税务局.

The provinces come from the document itself (the `…省人民政府` it names), so nothing here is
specific to one plan. Every normalised unit keeps the words it was written with (`verbatim`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# China's province-level divisions: the places a `两省` or `省X` can stand for.
PROVINCE_NAMES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
                  "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
                  "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆")
PROVINCE_EN = dict(zip(PROVINCE_NAMES, (
    "Beijing", "Tianjin", "Shanghai", "Chongqing", "Hebei", "Shanxi", "Liaoning", "Jilin", "Heilongjiang", "Jiangsu",
    "Zhejiang", "Anhui", "Fujian", "Jiangxi", "Shandong", "Henan", "Hubei", "Hunan", "Guangdong", "Hainan", "Sichuan",
    "Guizhou", "Yunnan", "Shaanxi", "Gansu", "Qinghai", "Taiwan", "Inner Mongolia", "Guangxi", "Tibet", "Ningxia",
    "Xinjiang")))
_REGION = rf"(?:{'|'.join(PROVINCE_NAMES)})(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)"
_PROVINCE = re.compile(rf"({_REGION})人民政府")
_BOTH = re.compile(r"^(两省区|两省)")
_OWN = re.compile(rf"^({_REGION})(?=\S)")
_SCOPED = re.compile(r"^(省|自治区|区)(?=\S)")
_PLACE = rf"(?:{_REGION}|[\u4e00-\u9fff]{{1,4}}?(?:市|州|县))"
_BARE_PLACE = re.compile(rf"^(.*?)({_PLACE})$")
_PLACE_SUFFIX = re.compile(rf"^({_PLACE})(.+)$")
_SPLIT = re.compile(r"[、，,;；]|及(?=[^\s时])")
_TAIL = re.compile(r"(等部门|等单位|等)?(按职责分工负责|分别负责|负责|配合)?$")


@dataclass(frozen=True)
class Unit:
    """One responsible unit: its full name, the province it belongs to ("" if none), its kind
    without the place (财政厅, for 甘肃省财政厅), and the words of the note it came from."""

    name: str
    province: str
    kind: str
    verbatim: str


def provinces_of(text: str) -> tuple[str, ...]:
    """The provinces whose people's governments a document names, in order of first mention."""
    return tuple(dict.fromkeys(_PROVINCE.findall(text)))


def parse_units(part: str, provinces: tuple[str, ...]) -> tuple[Unit, ...]:
    """The units of one list (`两省商务厅、省发展改革委`), written out in full."""
    items = [_TAIL.sub("", x.strip()) for x in _SPLIT.split(part.strip(" ，,。"))]
    items = _share_affixes([x for x in items if x])
    out: list[Unit] = []
    scope: tuple[str, ...] = ()
    for item in items:
        both, own, scoped = _BOTH.match(item), _OWN.match(item), _SCOPED.match(item)
        if both and provinces:
            scope, kind = provinces, item[both.end():]
        elif own and own.group(1) in provinces and not item.endswith("人民政府"):
            scope, kind = (own.group(1),), item[own.end():]
        elif scoped and scope:
            kind = item[scoped.end():]
        else:
            out.append(Unit(item, "", item, item))
            continue
        out += [Unit(f"{p}{kind}", p, kind, item) for p in scope]
    return tuple(out)


def _share_affixes(items: list[str]) -> list[str]:
    """`兰州市、海东市政府` → 兰州市政府, 海东市政府;
    `国网青海省、甘肃省电力公司` → 国网青海省电力公司, 国网甘肃省电力公司."""
    out = list(items)
    for i in range(len(out) - 2, -1, -1):
        bare, full = _BARE_PLACE.match(out[i]), _PLACE_SUFFIX.match(out[i + 1])
        if bare and full and not _BARE_PLACE.match(out[i + 1]) and not out[i].startswith(("两省", "省")):
            prefix, suffix = bare.group(1), full.group(2)
            out[i] = out[i] + suffix
            if prefix and not out[i + 1].startswith(prefix):
                out[i + 1] = prefix + out[i + 1]
    return out


def english_name(name: str, glossary: dict[str, str]) -> str:
    """A unit in English: in the glossary's words (`甘肃省财政厅` → Gansu Provincial Department of
    Finance), else from the general table of government bodies (`bodies`: 立山区发改局 → Lishan
    District Bureau of Development and Reform), else the Chinese name with its pinyin."""
    from .bodies import body_english, with_pinyin   # bodies reads this module's province names

    if name in glossary:
        return _title(glossary[name])
    own = _OWN.match(name)
    generic = own and (glossary.get(f"省{name[own.end():]}") or glossary.get(name[own.end():]))
    if not generic:
        return body_english(name) or with_pinyin(name)
    place = next((en for zh, en in PROVINCE_EN.items() if own.group(1).startswith(zh)), own.group(1))
    return f"{place} {_title(generic)}"


def _title(text: str) -> str:
    small = {"and", "of", "for", "the", "in"}
    return " ".join(w if (w in small and i) or not w[:1].islower() else w[:1].upper() + w[1:]
                    for i, w in enumerate(text.split()))
