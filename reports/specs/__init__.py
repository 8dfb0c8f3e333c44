"""The four PDF reports; importing this package registers them (ReportsConfig.ready)."""

from . import adviser_performance, budget_summary, inspection_letter, work_report  # noqa: F401
