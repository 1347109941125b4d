"""Exports of registrations: CSV as French spreadsheet software reads it
(UTF-8 with a BOM, semicolons), streamed; XLSX written row by row.

Neither can smuggle a formula into a spreadsheet (OWASP "CSV injection"): a
CSV cell starting with ``= + - @``, a tab or a carriage return gets a leading
apostrophe; such an XLSX cell is stored as text with Excel's quote prefix
(openpyxl would write "=…" as a formula).
Every export from the admin is written to Wagtail's audit log.
"""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import BinaryIO

from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.views.mixins import ExcelDateFormatter
from wagtail.log_actions import LogFormatter, log

from events.registrations.models import Registration

EXPORT_FIELDS = (
    "last_name",
    "first_name",
    "email",
    "event",
    "sessions",
    "status",
    "seats",
    "companions",
    "participant_type",
    "organisation_name",
    "organisation_type",
    "organisation_town",
    "territory",
    "phone",
    "accessibility_needs",
    "dietary_needs",
    "news_opt_in",
    "attendance",
    "created_at",
    "cancelled_at",
)
EXPORT_LOG_ACTION = "registrations.export"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows fetched (and their sessions prefetched) at a time.
CHUNK_SIZE = 2000


def export_rows(registrations: QuerySet[Registration]) -> Iterator[Registration]:
    """The rows of ``registrations`` (e.g. the filtered listing), read in
    chunks: memory stays flat whatever their number."""
    return registrations.iterator(chunk_size=CHUNK_SIZE)


def registrations_csv_lines(registrations: Iterable[Registration]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    getters = _getters()
    yield "\ufeff" + writer.writerow(_headings())
    for registration in registrations:
        yield writer.writerow(_csv_cell(getter(registration)) for getter in getters)


def registrations_xlsx(registrations: Iterable[Registration], stream: BinaryIO) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(
        title=capfirst(str(Registration._meta.verbose_name_plural))
    )
    sheet.append(_headings())
    dates = ExcelDateFormatter().get()
    getters = _getters()
    for registration in registrations:
        sheet.append(
            _xlsx_cell(sheet, getter(registration), dates) for getter in getters
        )
    workbook.save(stream)


def neutralise(text: str) -> str:
    """``text`` that no spreadsheet takes for a formula."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def log_export(*, user, export_format: str, filters: str, rows: int) -> None:
    """Who exported how many registrations, when, with which filters (the
    listing's query string)."""
    log(
        user,
        EXPORT_LOG_ACTION,
        user=user,
        data={"format": export_format, "filters": filters, "rows": rows},
    )


class ExportLogFormatter(LogFormatter):
    label = _("Export registrations")

    def format_message(self, log_entry):
        data = log_entry.data
        message = ngettext(
            "Exported %(rows)d registration (%(format)s).",
            "Exported %(rows)d registrations (%(format)s).",
            data["rows"],
        ) % {"rows": data["rows"], "format": data["format"].upper()}
        if data["filters"]:
            message += " " + gettext("Filters: %(filters)s") % data
        return message


class RegistrationExportMixin:
    """For Wagtail's listing view: its export links, these writers, and an
    audit-log entry for each export."""

    def get_filename(self):
        name = slugify(str(Registration._meta.verbose_name_plural))
        return f"{name}-{timezone.localdate():%Y-%m-%d}"

    def as_spreadsheet(self, queryset, spreadsheet_format):
        query = self.request.GET.copy()
        query.pop("export", None)
        log_export(
            user=self.request.user,
            export_format=spreadsheet_format,
            filters=query.urlencode(),
            rows=queryset.count(),
        )
        registrations = export_rows(queryset)
        filename = self.get_filename()
        if spreadsheet_format == self.FORMAT_CSV:
            response = StreamingHttpResponse(
                registrations_csv_lines(registrations), content_type=CSV_CONTENT_TYPE
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
            return response
        # On disk, not in memory; FileResponse closes it once sent.
        output = tempfile.TemporaryFile()  # noqa: SIM115
        registrations_xlsx(registrations, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )


class _Echo:
    """A file that hands back what the csv writer writes."""

    def write(self, value: str) -> str:
        return value


def _headings() -> list[str]:
    return [
        capfirst(str(Registration._meta.get_field(name).verbose_name))
        for name in EXPORT_FIELDS
    ]


def _getters() -> tuple[Callable[[Registration], object], ...]:
    """How to read each column, in the active language."""
    return tuple(_getter(Registration._meta.get_field(name)) for name in EXPORT_FIELDS)


def _getter(field) -> Callable[[Registration], object]:
    name = field.name
    if field.choices:
        # Not get_FOO_display(): it rebuilds its dictionary at every call.
        labels = {value: str(label) for value, label in field.flatchoices}
        return lambda registration: labels.get(getattr(registration, name), "")
    if field.many_to_many:  # prefetched
        return lambda registration: ", ".join(
            str(item) for item in getattr(registration, name).all()
        )
    if isinstance(field, models.JSONField):  # a list of names
        return lambda registration: ", ".join(getattr(registration, name))
    if isinstance(field, models.BooleanField):
        yes, no = gettext("Yes"), gettext("No")
        return lambda registration: yes if getattr(registration, name) else no
    if field.is_relation:
        return lambda registration: str(getattr(registration, name) or "")
    return lambda registration: getattr(registration, name)


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, str):
        return neutralise(value)
    return value


def _xlsx_cell(sheet, value, dates: str):
    """A plain value where it can be (much faster for openpyxl), a styled
    cell where it must."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = dates
        return cell
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not text.startswith(FORMULA_TRIGGERS):
        return text or None  # an empty cell is not written at all
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"  # not the formula openpyxl takes "=…" for
    cell.quotePrefix = True
    return cell
