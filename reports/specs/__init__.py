"""The five PDF reports; importing this package registers them (ReportsConfig.ready)."""

from . import adviser_performance, budget_summary, inspection_letter, settlement, work_report  # noqa: F401
