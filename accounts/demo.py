"""Demo units and accounts: the city, its counties and the 81 units of the 2023 inspection.

Unit names are those of real municipal bodies; every person is fictional.
"""

from django.conf import settings

from .credit_code import check_character
from .models import Jurisdiction, Unit, User
from .roles import Role
from .two_factor import totp_device_for_secret

PROVINCE = "湖南省人民政府"
CITY = "株洲市人民政府"
# 醴陵市: the county whose own justice and finance bureaus have demo accounts.
COUNTY = "醴陵市"
COUNTIES = ["荷塘区", "芦淞区", "石峰区", "天元区", "渌口区", "醴陵市", "攸县", "茶陵县", "炎陵县"]

# The 81 units inspected in 2023. The first 38 departments are the municipal budget units.
DEPARTMENTS = [
    "市人民政府办公室",
    "市发展和改革委员会",
    "市教育局",
    "市科学技术局",
    "市工业和信息化局",
    "市公安局",
    "市民政局",
    "市司法局",
    "市财政局",
    "市人力资源和社会保障局",
    "市自然资源和规划局",
    "市生态环境局",
    "市住房和城乡建设局",
    "市城市管理和综合执法局",
    "市交通运输局",
    "市水利局",
    "市农业农村局",
    "市商务局",
    "市文化旅游广电体育局",
    "市卫生健康委员会",
    "市退役军人事务局",
    "市应急管理局",
    "市审计局",
    "市人民政府国有资产监督管理委员会",
    "市市场监督管理局",
    "市统计局",
    "市医疗保障局",
    "市林业局",
    "市行政审批服务局",
    "市信访局",
    "市机关事务管理局",
    "市数据资源管理局",
    "市住房公积金管理中心",
    "市人民防空办公室",
    "市地方金融管理局",
    "市供销合作总社",
    "市城市发展研究中心",
    "市公共资源交易中心",
    "市档案馆",
    "市地方志编纂室",
    "市投资促进服务中心",
    "市政务服务中心",
    "市残疾人联合会",
    "市红十字会",
    "市科学技术协会",
]
SOES = [
    "株洲市城市建设发展集团有限公司",
    "株洲市交通发展集团有限公司",
    "株洲国有资本投资控股集团有限公司",
    "株洲市国有资产投资控股集团有限公司",
    "株洲市水务投资集团有限公司",
    "株洲市产业发展投资控股集团有限公司",
    "株洲市湘江城发集团有限公司",
    "株洲市公共交通集团有限公司",
    "株洲市金融控股集团有限公司",
    "株洲市粮食储备有限公司",
    "株洲市文化旅游投资集团有限公司",
    "株洲市保安服务有限公司",
    "株洲市融资担保集团有限公司",
    "株洲市燃气集团有限公司",
    "株洲市农业发展投资有限公司",
    "株洲市会展中心有限公司",
]
HOSPITALS = [
    "株洲市中心医院",
    "株洲市人民医院",
    "株洲市中医伤科医院",
    "株洲市妇幼保健院",
    "株洲市二医院",
    "株洲市三医院",
    "株洲市中医院",
    "株洲市疾病预防控制中心",
    "株洲市急救中心",
    "株洲市中心血站",
]
SCHOOLS = [
    "株洲师范高等专科学校",
    "株洲市第一中学",
    "株洲市第二中学",
    "株洲市第四中学",
    "株洲市第八中学",
    "株洲市南方中学",
    "株洲市九方中学",
    "株洲市景炎学校",
    "株洲市特殊教育学校",
    "株洲市工业中等专业学校",
]
BUDGET_UNITS = 38
# Secondary institutions (二级机构) under the demo officers' units, so that unit scope covers a subtree.
SECONDARY = {
    "市住房和城乡建设局": ["市建设工程质量安全监督站", "市房屋征收服务中心"],
    "市交通运输局": ["市公路建设养护中心"],
}
# 醴陵市's own units (name, kind, budget unit): the county's advisers, contracts and budgets belong to them.
COUNTY_UNITS = [
    ("醴陵市住房和城乡建设局", Unit.Kind.DEPARTMENT, True),
    ("醴陵市自然资源局", Unit.Kind.DEPARTMENT, True),
    ("醴陵市教育局", Unit.Kind.DEPARTMENT, True),
    ("醴陵市人民医院", Unit.Kind.HOSPITAL, False),
]
COUNTY_CREDIT_PREFIX = "11430281"  # 醴陵市's administrative division code

DEMO_ACCOUNTS = [
    # username, role, unit, family name, given name
    ("bureau", Role.BUREAU, "市司法局", "周", "明"),
    ("liling", Role.BUREAU, "醴陵市司法局", "黄", "丽"),
    ("liling_finance", Role.FINANCE, "醴陵市财政局", "何", "伟"),
    ("province", Role.BUREAU, "湖南省司法厅", "郭", "宁"),
    ("officer", Role.OFFICER, "市住房和城乡建设局", "李", "芳"),
    ("officer2", Role.OFFICER, "市交通运输局", "王", "强"),
    ("liling_officer", Role.OFFICER, "醴陵市住房和城乡建设局", "易", "军"),
    ("finance", Role.FINANCE, "市财政局", "陈", "静"),
    ("auditor", Role.AUDITOR, "市审计局", "刘", "洋"),
    # The three administrators of separation of duties (三员分立), at the justice bureau.
    ("sysadmin", Role.SYSTEM_ADMIN, "市司法局", "赵", "磊"),
    ("secadmin", Role.SECURITY_ADMIN, "市司法局", "孙", "悦"),
    ("auditadmin", Role.AUDIT_ADMIN, "市司法局", "吴", "敏"),
]


def demo_credit_code(serial: int, prefix: str = "11430200") -> str:
    """A well-formed fictional code: registration prefix, a 9-digit serial, the GB 32100 check character."""
    first17 = f"{prefix}{serial:09d}"
    return first17 + check_character(first17)


def _unit(name, *, kind, level, parent, budget=False, serial=None, prefix="11430200"):
    unit, _created = Unit.objects.update_or_create(
        name=name,
        defaults={
            "kind": kind,
            "level": level,
            "parent": parent,
            "is_budget_unit": budget,
            "credit_code": demo_credit_code(serial, prefix) if serial else None,
        },
    )
    return unit


def seed_county_units(government: Unit) -> None:
    """醴陵市's own departments and hospital, under its government (county budget units, not the city's)."""
    for serial, (name, kind, budget) in enumerate(COUNTY_UNITS, start=501):
        _unit(
            name,
            kind=kind,
            level=Unit.Level.COUNTY,
            parent=government,
            budget=budget,
            serial=serial,
            prefix=COUNTY_CREDIT_PREFIX,
        )


# The letter abbreviations (发文机关代字) the demo's jurisdictions print; the others keep the default.
ABBREVIATIONS = {PROVINCE: "湘司函", CITY: "株司函", f"{COUNTY}人民政府": "醴司函"}


def seed(stdout=None):
    province = _unit(PROVINCE, kind=Unit.Kind.PROVINCE_GOV, level=Unit.Level.PROVINCE, parent=None, serial=2)
    _unit("湖南省司法厅", kind=Unit.Kind.DEPARTMENT, level=Unit.Level.PROVINCE, parent=province, serial=3)
    city = _unit(CITY, kind=Unit.Kind.CITY_GOV, level=Unit.Level.CITY, parent=province, serial=1)
    for i, county in enumerate(COUNTIES):
        county_unit = _unit(
            f"{county}人民政府", kind=Unit.Kind.COUNTY_GOV, level=Unit.Level.COUNTY, parent=city, serial=100 + i
        )
        _unit(f"{county}司法局", kind=Unit.Kind.DEPARTMENT, level=Unit.Level.COUNTY, parent=county_unit, serial=200 + i)
        if county == COUNTY:
            _unit(
                f"{county}财政局",
                kind=Unit.Kind.DEPARTMENT,
                level=Unit.Level.COUNTY,
                parent=county_unit,
                serial=300 + i,
            )
            seed_county_units(county_unit)
    for government, abbreviation in ABBREVIATIONS.items():
        Jurisdiction.objects.filter(government__name=government).update(letter_abbreviation=abbreviation)
    serial = 1000
    for kind, names in [
        (Unit.Kind.DEPARTMENT, DEPARTMENTS),
        (Unit.Kind.SOE, SOES),
        (Unit.Kind.HOSPITAL, HOSPITALS),
        (Unit.Kind.SCHOOL, SCHOOLS),
    ]:
        for name in names:
            serial += 1
            budget = kind == Unit.Kind.DEPARTMENT and DEPARTMENTS.index(name) < BUDGET_UNITS
            unit = _unit(name, kind=kind, level=Unit.Level.CITY, parent=city, budget=budget, serial=serial)
            for child in SECONDARY.get(name, []):
                serial += 1
                _unit(child, kind=Unit.Kind.OTHER, level=Unit.Level.CITY, parent=unit, serial=serial)

    for username, role, unit_name, last, first in DEMO_ACCOUNTS:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "unit": Unit.objects.get(name=unit_name),
                "last_name": last,
                "first_name": first,
                "email": f"{username}@zhuzhou-legal.local",
                "is_staff": role in (Role.BUREAU, Role.AUDITOR, Role.OFFICER),
            },
        )
        if not user.check_password(settings.DEMO_PASSWORD):
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if user.requires_two_factor:
            # A known TOTP secret, so the demo can be signed into; real accounts set up their own.
            totp_device_for_secret(user=user, secret_base32=settings.DEMO_TOTP_SECRET)
    if stdout:
        stdout.write(f"  units: {Unit.objects.count()}, demo accounts: {len(DEMO_ACCOUNTS)}")
        stdout.write(
            f"  TOTP secret of the demo accounts that need a second factor: {settings.DEMO_TOTP_SECRET} "
            "(add it to an authenticator app, or run `python manage.py demo_totp_code`)"
        )


INSPECTED_UNIT_NAMES = DEPARTMENTS + SOES + HOSPITALS + SCHOOLS


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, role, unit) of the accounts this module makes, as seed_demo prints them."""
    return [(username, role.label, unit) for username, role, unit, *_names in DEMO_ACCOUNTS]
