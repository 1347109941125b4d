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
from dataclasses import dataclass
from datetime import datetime
from itertools import batched
from operator import itemgetter
from typing import BinaryIO

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.mixins import ExcelDateFormatter
from wagtail.log_actions import LogFormatter, get_active_log_context
from wagtail.models import ModelLogEntry

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
# An export is logged on the registrations, not on one: no registration has
# this primary key.
EXPORT_LOG_OBJECT_ID = "0"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows fetched (and their sessions read) at a time.
CHUNK_SIZE = 2000


def export_rows(registrations: QuerySet[Registration]) -> Iterator[tuple]:
    """The rows of ``registrations`` (e.g. the filtered listing), one tuple
    of plain values per registration in the order of ``EXPORT_FIELDS``, in
    the language and time zone active when called (a streamed response is
    read after the view): labels of choices, names of related objects, "Yes"
    or "No", local dates without a time zone, ``None`` for no date.

    Read as ``values_list()`` tuples, in chunks of ``CHUNK_SIZE``: no model
    instance, memory flat whatever their number; each chunk's sessions in
    one query, the names of events, sessions and territories once each."""
    return _read_rows(registrations, _columns())


def registrations_csv_lines(rows: Iterable[tuple] | QuerySet) -> Iterator[str]:
    """The CSV file, a line at a time, of ``export_rows()`` or of a queryset."""
    return csv_lines(_headings(), _rows(rows), get_format("SHORT_DATETIME_FORMAT"))


def registrations_xlsx(rows: Iterable[tuple] | QuerySet, stream: BinaryIO) -> None:
    """The XLSX file of ``export_rows()`` or of a queryset, written to
    ``stream`` row by row."""
    # openpyxl is imported here, not at the top: every web worker loads this
    # module (admin views), few ever write a spreadsheet (worker memory).
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(
        title=capfirst(str(Registration._meta.verbose_name_plural))
    )
    sheet.append(_headings())
    cell = _xlsx_cell_maker(sheet, ExcelDateFormatter().get())
    for row in _rows(rows):
        sheet.append([cell(value) for value in row])
    workbook.save(stream)


def neutralise(text: str) -> str:
    """``text`` that no spreadsheet takes for a formula."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def log_export(
    *,
    user,
    export_format: str,
    rows: int,
    filters: str = "",
    filter_labels: Iterable[tuple[str, str]] = (),
    event=None,
) -> ModelLogEntry:
    """Who exported how many registrations, when, with which filters: the
    listing's query string (``filters``) and, readable, the active filters
    as (label, value) pairs in the exporter's language.

    Logged on the registrations, not on a registration: whoever may see
    registrations (the organisers) finds it in the site history, and no one
    else. Its name is the event's title when the listing is filtered on one
    event. Its object id, 0, is no registration's: no link."""
    label = capfirst(str(Registration._meta.verbose_name_plural))
    if event is not None:
        label = f"{label} – {event.title}"
    data = {
        "format": export_format,
        "filters": filters,
        "filter_labels": [[str(name), str(value)] for name, value in filter_labels],
        "rows": rows,
    }
    if event is not None:
        data["event"] = event.pk
    return log_export_of(
        Registration, action=EXPORT_LOG_ACTION, label=label, data=data, user=user
    )


def log_export_of(model, *, action: str, label: str, data: dict, user) -> ModelLogEntry:
    """An export of rows of ``model`` in Wagtail's audit log: on the model,
    not on a row (its object id, 0, is no row's), so that whoever has a
    permission on ``model`` sees it in the site history, and no one else."""
    return ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=EXPORT_LOG_OBJECT_ID,
        label=label,
        action=action,
        data=data,
        user=user,
        timestamp=timezone.now(),
        uuid=get_active_log_context().uuid,
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
        if "filter_labels" in data:
            filters = "; ".join(
                gettext("%(label)s: %(value)s") % {"label": name, "value": value}
                for name, value in data["filter_labels"]
            )
        else:  # logged before the filters were kept readable
            filters = data.get("filters", "")
        if filters:
            message += " " + gettext("Filters: %(filters)s") % {"filters": filters}
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
            rows=queryset.count(),
            filters=query.urlencode(),
            filter_labels=self.export_filter_labels(),
            event=self.export_event(),
        )
        rows = export_rows(queryset)
        filename = self.get_filename()
        if spreadsheet_format == self.FORMAT_CSV:
            response = StreamingHttpResponse(
                registrations_csv_lines(rows), content_type=CSV_CONTENT_TYPE
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
            return response
        # On disk, not in memory; FileResponse closes it once sent.
        output = tempfile.TemporaryFile()  # noqa: SIM115
        registrations_xlsx(rows, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )

    def export_filter_labels(self) -> list[tuple[str, str]]:
        """The search and the active filters, as the listing shows them."""
        labels = []
        if self.search_query:
            labels.append(
                (self.search_form.fields[self.search_kwarg].label, self.search_query)
            )
        labels += [(active.field_label, active.value) for active in self.active_filters]
        return labels

    def export_event(self):
        """The event the listing is filtered on (or the event of the session
        it is filtered on), if any."""
        if not (self.filters and self.filters.is_valid()):
            return None
        chosen = self.filters.form.cleaned_data
        session = chosen.get("session")
        return chosen.get("event") or (session.page if session else None)


class _Echo:
    """A file that hands back what the csv writer writes."""

    def write(self, value: str) -> str:
        return value


def _headings() -> list[str]:
    return [
        capfirst(str(Registration._meta.get_field(name).verbose_name))
        for name in EXPORT_FIELDS
    ]


def _rows(rows: Iterable[tuple] | QuerySet) -> Iterable[tuple]:
    return export_rows(rows) if isinstance(rows, QuerySet) else rows


def _read_rows(registrations: QuerySet, columns: list["_Column"]) -> Iterator[tuple]:
    selected = ["pk", *(column.selected for column in columns if column.selected)]
    preparers = [column.prepare for column in columns if column.prepare]
    converters = [column.convert for column in columns]
    rows = (
        registrations.prefetch_related(None)
        .values_list(*selected)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for chunk in batched(rows, CHUNK_SIZE):
        for prepare in preparers:
            prepare(chunk)
        for row in chunk:
            yield tuple([convert(row) for convert in converters])


def csv_lines(
    headings: list[str], rows: Iterable, dates: str | None = None
) -> Iterator[str]:
    """A CSV file as French spreadsheet software reads it (UTF-8 with a BOM,
    semicolons), a line at a time, without formulas; datetimes in the
    ``dates`` format if given."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(headings)
    for row in rows:
        yield writer.writerow([_csv_cell(value, dates) for value in row])


class _Names:
    """``str()`` of objects of ``model`` by primary key, each fetched once
    (a few events and territories for thousands of rows)."""

    def __init__(self, model):
        self.model = model
        self.names = {None: ""}

    def fetch(self, pks: Iterable) -> None:
        missing = set(pks).difference(self.names)
        if missing:
            objects = self.model._base_manager.in_bulk(missing)
            self.names.update((pk, str(item)) for pk, item in objects.items())
            self.names.update((pk, "") for pk in missing.difference(objects))


@dataclass
class _Column:
    """How one column is read from a ``values_list()`` row whose first
    value is the primary key: ``selected`` is what it adds to the
    ``values_list()`` (if anything); ``prepare`` reads what a chunk of rows
    needs besides (if anything)."""

    convert: Callable[[tuple], object]
    selected: str | None = None
    prepare: Callable[[list[tuple]], None] | None = None


def _columns() -> list[_Column]:
    """The columns of ``EXPORT_FIELDS``, in the active language and time
    zone."""
    columns = []
    for name in EXPORT_FIELDS:
        field = Registration._meta.get_field(name)
        if field.many_to_many:
            columns.append(_many_to_many_column(field))
        else:
            index = 1 + sum(1 for column in columns if column.selected)
            columns.append(_column(field, index))
    return columns


def _column(field, index: int) -> _Column:
    value = itemgetter(index)
    if field.choices:
        # Not get_FOO_display(): it rebuilds its dictionary at every call.
        labels = {key: str(label) for key, label in field.flatchoices}
        return _Column(lambda row: labels.get(row[index], ""), field.attname)
    if field.is_relation:
        names = _Names(field.related_model)
        return _Column(
            lambda row: names.names[row[index]],
            field.attname,
            lambda chunk: names.fetch(row[index] for row in chunk),
        )
    if isinstance(field, models.JSONField):  # a list of names
        return _Column(lambda row: ", ".join(row[index]), field.attname)
    if isinstance(field, models.BooleanField):
        yes, no = gettext("Yes"), gettext("No")
        return _Column(lambda row: yes if row[index] else no, field.attname)
    if isinstance(field, models.DateTimeField):
        zone = timezone.get_current_timezone()

        def local(row):
            moment = row[index]
            return moment and moment.astimezone(zone).replace(tzinfo=None)

        return _Column(local, field.attname)
    return _Column(value, field.attname)


def _many_to_many_column(field) -> _Column:
    """Names of the related objects, in their model's order; a chunk's links
    in one query."""
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    ordering = [
        f"-{target}__{key[1:]}" if key.startswith("-") else f"{target}__{key}"
        for key in field.related_model._meta.ordering
    ]
    names = _Names(field.related_model)
    links: dict[object, list] = {}

    def prepare(chunk):
        links.clear()
        pairs = (
            through._base_manager.filter(**{f"{source}__in": [row[0] for row in chunk]})
            .order_by(*ordering, target)
            .values_list(f"{source}_id", f"{target}_id")
        )
        for pk, related in pairs:
            links.setdefault(pk, []).append(related)
        names.fetch(
            related for related_pks in links.values() for related in related_pks
        )

    return _Column(
        lambda row: ", ".join(names.names[pk] for pk in links.get(row[0], ())),
        prepare=prepare,
    )


def _csv_cell(value, dates: str | None):
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if dates and isinstance(value, datetime):
        return dateformat.format(value, dates)
    return value


def _xlsx_cell_maker(sheet, dates: str) -> Callable[[object], object]:
    """What ``sheet.append`` takes for a value: a plain value where it can be
    (much faster for openpyxl), a styled cell where it must."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def xlsx_cell(value):
        if isinstance(value, str):
            if not value:
                return None  # an empty cell is not written at all
            text = ILLEGAL_CHARACTERS_RE.sub("", value)
            if not text.startswith(FORMULA_TRIGGERS):
                return text
            cell = WriteOnlyCell(sheet, text)
            cell.data_type = "s"  # not the formula openpyxl takes "=…" for
            cell.quotePrefix = True
            return cell
        if isinstance(value, datetime):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = dates
            return cell
        return value

    return xlsx_cell
