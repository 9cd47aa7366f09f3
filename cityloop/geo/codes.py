"""Codes of regions and unit grids (DESIGN §1).

A legacy grid code is 14 digits: the 6-digit GB/T 2260 district, 3 for the street, 3 for the
community and a 2-digit sequence. GB/T 47678.3 uses a 15-character ``[0-9A-Z]`` identifier whose
layout we do not know, so it is stored as given and only its alphabet and length are checked.
"""

from __future__ import annotations

import re

from cityloop.core.errors import DomainError
from cityloop.geo.models import REGION_CODE_LENGTH, RegionLevel

# First two digits of GB/T 2260 codes: the provinces, autonomous regions, municipalities, 台湾, 港澳.
PROVINCE_CODES = frozenset(
    [str(n) for n in range(11, 16)]
    + [str(n) for n in range(21, 24)]
    + [str(n) for n in range(31, 38)]
    + [str(n) for n in range(41, 47)]
    + [str(n) for n in range(50, 55)]
    + [str(n) for n in range(61, 66)]
    + ["71", "81", "82"]
)

LEGACY_GRID_CODE_LENGTH = 14
STANDARD_GRID_CODE_LENGTH = 15
_STANDARD_GRID_CODE = re.compile(r"[0-9A-Z]{15}")

REGION_LEVEL_NAMES = {
    RegionLevel.CITY: "市",
    RegionLevel.DISTRICT: "区/县",
    RegionLevel.STREET: "街道/乡镇",
    RegionLevel.COMMUNITY: "社区",
}


def is_legacy_grid_code(code: str) -> bool:
    """Whether ``code`` has the 14-digit legacy shape (district + street + community + sequence)."""
    return len(code) == LEGACY_GRID_CODE_LENGTH and code.isascii() and code.isdigit()


def _check_province(code: str, error_code: str, label: str) -> None:
    if code[:2] not in PROVINCE_CODES:
        raise DomainError(
            error_code, f"{label}“{code}”的前两位“{code[:2]}”不是有效的省级行政区划代码（GB/T 2260）。"
        )


def validate_grid_code(code: str) -> str:
    """Return the grid code stripped of blanks, or raise ``grid_code_malformed`` saying why not.

    Accepts the 14-digit legacy form (province checked, sequence not "00") and the 15-character
    GB/T 47678.3 form of digits and capital letters.
    """
    if not isinstance(code, str):
        raise DomainError("grid_code_malformed", "网格编码必须是文本。")
    code = code.strip()
    if not code:
        raise DomainError("grid_code_malformed", "网格编码为空。")
    if len(code) == LEGACY_GRID_CODE_LENGTH:
        if not (code.isascii() and code.isdigit()):
            raise DomainError("grid_code_malformed", f"14 位网格编码“{code}”只能由数字组成。")
        _check_province(code, "grid_code_malformed", "网格编码")
        if code[12:] == "00":
            raise DomainError("grid_code_malformed", f"网格编码“{code}”的序号（最后两位）不能为“00”。")
        return code
    if len(code) == STANDARD_GRID_CODE_LENGTH:
        if not _STANDARD_GRID_CODE.fullmatch(code):
            raise DomainError(
                "grid_code_malformed", f"15 位网格编码“{code}”只能由数字和大写英文字母组成（GB/T 47678.3）。"
            )
        return code
    raise DomainError(
        "grid_code_malformed",
        f"网格编码“{code}”长 {len(code)} 位：应为 14 位数字（区6+街道3+社区3+序号2）"
        "或 15 位数字/大写字母（GB/T 47678.3）。",
    )


def validate_region_code(code: str, level: str) -> str:
    """Return the region code stripped of blanks, or raise ``region_code_malformed`` saying why not.

    District (and city) codes have 6 digits, streets 9, communities 12, all starting with a real
    province code.
    """
    try:
        region_level = RegionLevel(level)
    except ValueError:
        raise DomainError("region_level_unknown", f"未知的区域层级“{level}”。") from None
    if not isinstance(code, str):
        raise DomainError("region_code_malformed", "区划代码必须是文本。")
    code = code.strip()
    length = REGION_CODE_LENGTH[region_level]
    label = f"{REGION_LEVEL_NAMES[region_level]}代码"
    if len(code) != length or not (code.isascii() and code.isdigit()):
        raise DomainError(
            "region_code_malformed", f"{label}“{code}”应为 {length} 位数字，实际为 {len(code)} 个字符。"
        )
    _check_province(code, "region_code_malformed", label)
    return code


def parent_code_of(code: str) -> str | None:
    """The code of the region directly above ``code``, when the code says it.

    A legacy grid's community is its first 12 digits, a community's street its first 9, a street's
    district its first 6. Districts and 15-character grid codes do not name their parent: ``None``.
    """
    code = code.strip()
    if not (code.isascii() and code.isdigit()):
        return None
    return {14: code[:12], 12: code[:9], 9: code[:6]}.get(len(code))
