"""Records every view test needs: one of each kind at unit A (officer_a's), built through the services."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from reviews.models import InspectionCampaign, RectificationItem, UnitInspection
from reviews.services import (
    assessment_save,
    duty_report_attach,
    duty_report_save,
    scheme_for_year,
    work_report_save,
    work_report_submit,
)
from tests.factories import pdf_bytes


def build(engagement, officer):
    unit = engagement.unit
    report = duty_report_save(engagement=engagement, year=2025, summary="全年审查合同12份。", actor=officer)
    attachment = duty_report_attach(
        report=report,
        upload=SimpleUploadedFile("履职报告.pdf", pdf_bytes(), content_type="application/pdf"),
        actor=officer,
    )
    criteria = scheme_for_year(2025).criteria.all()
    assessment = assessment_save(
        engagement=engagement, year=2025, scores={c.pk: (Decimal("90"), Decimal("85")) for c in criteria}, actor=officer
    )
    work_report = work_report_submit(
        report=work_report_save(unit=unit, year=2025, summary="年度工作报告", actor=officer), actor=officer
    )
    campaign, _ = InspectionCampaign.objects.get_or_create(
        jurisdiction=unit.jurisdiction,  # the unit's own bureau inspects it
        year=2025,
        defaults={"title": "2025年度全市政府合同专项清查", "started_on": datetime.date(2025, 9, 1)},
    )
    inspection = UnitInspection.objects.create(
        campaign=campaign,
        unit=unit,
        inspected_on=datetime.date(2025, 9, 10),
        text_quality=62,
        procedure=80,
        risk_warning=75,
        performance=70,
        archives=88,
        findings="部分合同缺少保密条款。",
    )
    item = RectificationItem.objects.create(
        inspection=inspection, dimension="text_quality", description="补充保密条款", due_date=datetime.date(2026, 3, 31)
    )
    return {
        "engagement": engagement,
        "report": report,
        "attachment": attachment,
        "assessment": assessment,
        "work_report": work_report,
        "inspection": inspection,
        "item": item,
    }
