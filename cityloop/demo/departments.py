"""The demo department tree: a city committee and command centre, then per district the 城管委
with its bureau, centres, professional departments, utilities and one office per street.

Codes are ``<region code>-<key>`` (``339901-SZS``, ``339901001-JDB``), so they are stable for a seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cityloop.demo.geometry import CITY_NAME
from cityloop.demo.places import StoredPlaces
from cityloop.geo.models import Region
from cityloop.org.models import Department, DepartmentKind, DepartmentLevel

_PRO = DepartmentKind.PROFESSIONAL
_COOP = DepartmentKind.COOPERATING_UNIT


@dataclass(frozen=True)
class DepartmentSpec:
    """One department each district has; ``{d}`` in the name stands for the district's name."""

    key: str
    name: str
    short_name: str
    kind: str
    parent: str | None  # key of the parent in the same district; None: under the city committee


DISTRICT_DEPARTMENTS = (
    DepartmentSpec("CGW", "{d}城市管理委员会", "区城管委", _PRO, None),
    DepartmentSpec("CGJ", "{d}城市管理局", "城管局", _PRO, "CGW"),
    DepartmentSpec("JDZX", "{d}城市管理监督中心", "监督中心", DepartmentKind.SUPERVISION_CENTER, "CGJ"),
    DepartmentSpec("ZHZX", "{d}城市管理指挥中心", "指挥中心", DepartmentKind.COMMAND_CENTER, "CGJ"),
    DepartmentSpec("SZS", "{d}市政工程管理所", "市政所", _PRO, "CGJ"),
    DepartmentSpec("HWS", "{d}环境卫生管理所", "环卫所", _PRO, "CGJ"),
    DepartmentSpec("YLS", "{d}园林绿化管理所", "园林所", _PRO, "CGJ"),
    DepartmentSpec("LDS", "{d}路灯管理所", "路灯所", _PRO, "CGJ"),
    DepartmentSpec("ZFDD", "{d}城市管理综合行政执法大队", "执法大队", _PRO, "CGJ"),
    DepartmentSpec("ZJJ", "{d}住房和城乡建设局", "住建局", _PRO, "CGW"),
    DepartmentSpec("SCJG", "{d}市场监督管理所", "市场监管所", _PRO, "CGW"),
    DepartmentSpec("GAFJ", f"{CITY_NAME}公安局{{d}}分局", "公安分局", _PRO, "CGW"),
    DepartmentSpec("JJDD", f"{CITY_NAME}公安局{{d}}分局交通警察大队", "交警大队", _PRO, "GAFJ"),
    DepartmentSpec("HBFJ", f"{CITY_NAME}生态环境局{{d}}分局", "生态环境分局", _PRO, "CGW"),
    DepartmentSpec("SLJ", "{d}水利局", "水利局", _PRO, "CGW"),
    DepartmentSpec("JTJ", "{d}交通运输局", "交通运输局", _PRO, "CGW"),
    DepartmentSpec("MZJ", "{d}民政局", "民政局", _PRO, "CGW"),
    DepartmentSpec("WLJ", "{d}文化和旅游局", "文旅局", _PRO, "CGW"),
    DepartmentSpec("XFJY", "{d}消防救援大队", "消防救援大队", _PRO, "CGW"),
    DepartmentSpec("GDGS", f"国网{CITY_NAME}供电公司{{d}}供电分公司", "供电公司", _COOP, "CGW"),
    DepartmentSpec("SWJT", f"{CITY_NAME}水务集团{{d}}分公司", "水务集团", _COOP, "CGW"),
    DepartmentSpec("RQGS", f"{CITY_NAME}燃气集团{{d}}分公司", "燃气公司", _COOP, "CGW"),
    DepartmentSpec("DX", f"中国电信{CITY_NAME}分公司{{d}}营业部", "中国电信", _COOP, "CGW"),
    DepartmentSpec("YD", f"中国移动{CITY_NAME}分公司{{d}}营业部", "中国移动", _COOP, "CGW"),
    DepartmentSpec("LT", f"中国联通{CITY_NAME}分公司{{d}}营业部", "中国联通", _COOP, "CGW"),
    DepartmentSpec("GDWL", f"{CITY_NAME}广电网络{{d}}分公司", "广电网络", _COOP, "CGW"),
    DepartmentSpec("GJJT", f"{CITY_NAME}公交集团{{d}}分公司", "公交集团", _COOP, "CGW"),
    DepartmentSpec("SZYH", "{d}市政设施养护有限公司", "市政养护公司", _COOP, "SZS"),
    DepartmentSpec("YLYH", "{d}园林绿化养护有限公司", "园林养护公司", _COOP, "YLS"),
    DepartmentSpec("HWZY", "{d}环境卫生作业服务有限公司", "环卫作业公司", _COOP, "HWS"),
)
# Contractors that maintain the assets a department is competent for.
MAINTAINED_BY = {"SZS": "SZYH", "YLS": "YLYH", "HWS": "HWZY"}
STREET_OFFICE = "JDB"


@dataclass
class DistrictDepartments:
    """One district's departments by key, and its street offices by street code."""

    district: Region
    by_key: dict[str, Department] = field(default_factory=dict)
    street_offices: dict[str, Department] = field(default_factory=dict)


@dataclass
class DemoDepartments:
    committee: Department
    command_centre: Department
    districts: list[DistrictDepartments] = field(default_factory=list)

    def all(self) -> list[Department]:
        result = [self.committee, self.command_centre]
        for district in self.districts:
            result.extend(district.by_key.values())
            result.extend(district.street_offices.values())
        return result

    def for_district(self, district_code: str) -> DistrictDepartments:
        return next(d for d in self.districts if d.district.code == district_code)


def write_departments(places: StoredPlaces) -> DemoDepartments:
    """Create the whole tree, level by level so each row's parent already has its id."""
    city = places.city
    committee = Department.objects.create(
        code=f"{city.code}-CGW",
        name=f"{CITY_NAME}城市管理委员会",
        short_name="市城管委",
        level=DepartmentLevel.CITY,
        kind=_PRO,
        region=city,
    )
    centre = Department.objects.create(
        code=f"{city.code}-ZHZX",
        name=f"{CITY_NAME}城市运行管理服务中心",
        short_name="市运管服中心",
        level=DepartmentLevel.CITY,
        kind=DepartmentKind.COMMAND_CENTER,
        parent=committee,
        region=city,
    )
    result = DemoDepartments(committee, centre)
    districts = places.of_level("district")
    result.districts = [DistrictDepartments(district) for district in districts]
    # Specs are ordered so every parent precedes its children; one bulk insert per tree depth.
    pending = list(DISTRICT_DEPARTMENTS)
    while pending:
        ready = [spec for spec in pending if spec.parent is None or spec.parent in result.districts[0].by_key]
        rows = []
        for group in result.districts:
            for spec in ready:
                rows.append(_district_department(spec, group, committee))
        created = iter(Department.objects.bulk_create(rows))
        for group in result.districts:
            for spec in ready:
                group.by_key[spec.key] = next(created)
        pending = [spec for spec in pending if spec not in ready]

    offices = []
    for street in places.of_level("street"):
        group = result.for_district(street.code[:6])
        offices.append(
            Department(
                code=f"{street.code}-{STREET_OFFICE}",
                name=f"{street.name}办事处",
                short_name=street.name,
                level=DepartmentLevel.STREET,
                kind=DepartmentKind.STREET_OFFICE,
                parent=group.by_key["CGW"],
                region=street,
            )
        )
    for office in Department.objects.bulk_create(offices):
        result.for_district(office.code[:6]).street_offices[office.code.split("-")[0]] = office
    return result


def _district_department(
    spec: DepartmentSpec, group: DistrictDepartments, committee: Department
) -> Department:
    return Department(
        code=f"{group.district.code}-{spec.key}",
        name=spec.name.format(d=group.district.name),
        short_name=spec.short_name,
        level=DepartmentLevel.DISTRICT,
        kind=spec.kind,
        parent=group.by_key[spec.parent] if spec.parent else committee,
        region=group.district,
    )
