import datetime
import io

import factory
from pypdf import PdfWriter

from accounts.models import Jurisdiction
from advisers.models import Adviser, Engagement


class AdviserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adviser

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Kept by the top jurisdiction's registry (the test city), as the admin would for its bureau.
        kwargs.setdefault("jurisdiction", Jurisdiction.objects.filter(parent__isnull=True).first())
        return super()._create(model_class, *args, **kwargs)

    name = factory.Sequence(lambda n: f"顾问{n:03d}")
    category = Adviser.Category.LAWYER


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    adviser = factory.SubFactory(AdviserFactory)
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2026, 12, 31)
    status = Engagement.Status.ACTIVE
    dismissed_on = factory.LazyAttribute(
        lambda o: datetime.date(2025, 6, 30) if o.status == Engagement.Status.DISMISSED else None
    )


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
