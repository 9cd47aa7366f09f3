"""Component identifiers (部件标识码): 6-digit district + category code + 6-digit serial.

GB/T 47678.5-2026 schemes have 5-digit category codes, so 17-digit identifiers; legacy schemes have
4-digit codes and 16-digit identifiers. The scheme's ``component_identifier_length`` decides which.
"""

from __future__ import annotations

from dataclasses import dataclass

from cityloop.catalog.models import Category
from cityloop.core.errors import DomainError

DISTRICT_DIGITS = 6
SERIAL_DIGITS = 6


@dataclass(frozen=True)
class ComponentIdentifier:
    """The three parts of a well-formed identifier."""

    district_code: str
    category_code: str
    serial: str


def parse_component_identifier(identifier: str, length: int) -> ComponentIdentifier:
    """Split an identifier of ``length`` digits into its parts, or refuse a malformed one."""
    category_digits = length - DISTRICT_DIGITS - SERIAL_DIGITS
    if not (identifier.isascii() and identifier.isdigit()) or len(identifier) != length:
        raise DomainError(
            "component_identifier_malformed",
            f"部件标识码应为 {length} 位数字（区划6位 + 小类代码{category_digits}位 + 序号6位），"
            f"实际为“{identifier}”。",
        )
    serial = identifier[-SERIAL_DIGITS:]
    if set(serial) == {"0"}:
        raise DomainError(
            "component_identifier_malformed", f"部件标识码“{identifier}”的序号（末6位）不能全为 0。"
        )
    return ComponentIdentifier(
        district_code=identifier[:DISTRICT_DIGITS],
        category_code=identifier[DISTRICT_DIGITS:-SERIAL_DIGITS],
        serial=serial,
    )


def validate_component_identifier(identifier: str, category: Category) -> str:
    """Return the identifier if it is well formed for ``category``'s scheme and embeds its code.

    The district part is checked against the component's location by the import and the admin
    form, since only the location says which district the component is in.
    """
    parsed = parse_component_identifier(identifier, category.scheme.component_identifier_length)
    check_identifier_category(parsed, category)
    return identifier


def check_identifier_category(parsed: ComponentIdentifier, category: Category) -> None:
    if parsed.category_code != category.code:
        raise DomainError(
            "component_identifier_category_mismatch",
            f"部件标识码中的小类代码为 {parsed.category_code}，与部件小类 {category.code}（{category.name}）不符。",
        )


def check_identifier_district(parsed: ComponentIdentifier, district_code: str | None) -> None:
    """Refuse an identifier whose district part is not the district the component lies in."""
    if district_code is not None and parsed.district_code != district_code:
        raise DomainError(
            "component_identifier_district_mismatch",
            f"部件标识码中的区划代码为 {parsed.district_code}，但部件位置所在网格属于区划 {district_code}。",
        )
