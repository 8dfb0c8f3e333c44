"""Default thresholds, after the national government-procurement limits for services:
below 1,000,000 yuan (the decentralised procurement limit, 分散采购限额标准) a unit may select its
adviser itself (public selection, or any procurement method); from 4,000,000 yuan (公开招标数额标准)
only an open tender fits. Bureau staff change them in the admin."""

from decimal import Decimal

from django.db import migrations

LIMIT = Decimal("1000000")
TENDER = Decimal("4000000")
BANDS = {
    "public_selection": (Decimal("0"), LIMIT),
    "inquiry": (Decimal("0"), TENDER),
    "competitive_consultation": (Decimal("0"), TENDER),
    "competitive_negotiation": (Decimal("0"), TENDER),
    "single_source": (Decimal("0"), TENDER),
    "open_tender": (Decimal("0"), None),
}


def create_defaults(apps, schema_editor):
    band = apps.get_model("contracts", "ProcurementBand")
    for method, (low, high) in BANDS.items():
        band.objects.get_or_create(method=method, defaults={"min_amount": low, "max_amount": high})
    apps.get_model("contracts", "ContractRuleSettings").objects.get_or_create(pk=1, defaults={"max_term_months": 36})


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_findings_thresholds")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
