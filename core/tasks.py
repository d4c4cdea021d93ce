"""Every background job kind of the product, for a worker process to know them all.

A job kind is registered where its task is defined (``@task`` in :mod:`core.platform.jobs`); the web
process imports those modules through its routes, but a bare rq worker imports only what it is told.
"""
from core.applications import screening  # noqa: F401  (cycle_screening)
from core.platform.services import exports  # noqa: F401  (export)
from core.awards import obligations  # noqa: F401  (reminders)
from core.notices import retention  # noqa: F401  (personal_data_erasure)
from core.reports import workbooks  # noqa: F401  (cycle_workbook, committee_workbook)
