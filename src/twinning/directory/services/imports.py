"""Importing a spreadsheet of the directory: uploaded, checked, then imported."""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.accounts.services import acting_person
from twinning.core.services import audit_log
from twinning.directory import importing, search
from twinning.directory.models import (
    Group,
    ImportBatch,
    Link,
    LinkStatusChange,
    Partner,
    ReviewStatus,
)
from twinning.directory.models.links import LinkStatus
from twinning.directory.services.shared import unique_slug
from twinning.directory.tasks import import_check_run, import_run

logger = logging.getLogger(__name__)


IMPORT_CHUNK = 200


# A check that has not moved for this long has stopped (its worker died): it may be
# started again.
IMPORT_CHECK_STALLED = datetime.timedelta(minutes=10)


def import_upload(*, actor, filename: str, content: bytes, queue: bool = True) -> ImportBatch:
    """Keep an uploaded file (`content` is at most `importing.MAX_BYTES`) and queue its
    check, row by row, on the task queue.

    Only the cheap checks run here (`importing.check_upload`: the size and kind of
    file, a CSV file's header, a workbook's archive), so that a file refused by them
    gets a ValidationError while the coordinator is still on the form. The rows are
    read by the check, which also refuses a workbook that lacks a required column;
    its findings are written in the language the coordinator is reading.
    """
    try:
        importing.check_upload(filename, content)
    except importing.ImportFileError as error:
        raise ValidationError(str(error)) from error
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            filename=filename[:200],
            content=content,
            created_by=acting_person(actor),
            status=ImportBatch.Status.CHECKING,
            progress_at=timezone.now(),
        )
        audit_log(actor=actor, action="directory.import_uploaded", obj=batch)
        if queue:
            _queue_check(batch)
    return batch


def _queue_check(batch: ImportBatch) -> None:
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: import_check_run.enqueue(batch_id=batch.pk, language=language))


def import_check(*, actor, filename: str, content: bytes) -> ImportBatch:
    """Upload a file and check it at once, in this process rather than on the task queue."""
    batch = import_upload(actor=actor, filename=filename, content=content, queue=False)
    return import_check_finish(batch_id=batch.pk)


def import_check_stalled(batch: ImportBatch) -> bool:
    """Whether a check has stopped moving, so that it may be started again."""
    return (
        batch.status == ImportBatch.Status.CHECKING
        and batch.progress_at is not None
        and timezone.now() - batch.progress_at > IMPORT_CHECK_STALLED
    )


def import_check_again(*, actor, batch: ImportBatch) -> bool:
    """Queue the check of a file again when the first has stopped; say whether it was."""
    with transaction.atomic():
        again = ImportBatch.objects.filter(
            pk=batch.pk,
            status=ImportBatch.Status.CHECKING,
            progress_at__lt=timezone.now() - IMPORT_CHECK_STALLED,
        ).update(progress_at=timezone.now(), rows_done=0)
        if again:
            audit_log(actor=actor, action="directory.import_checked_again", obj=batch)
            _queue_check(batch)
    return bool(again)


def import_check_finish(*, batch_id: int, language: str | None = None) -> ImportBatch:
    """Check an uploaded file row by row (the task queue calls this); keep the report.

    Safe to run twice: only a batch still being checked is written to, and only
    the first run to finish records its report.
    """
    batch = ImportBatch.objects.with_uploader().get(pk=batch_id)
    if batch.status != ImportBatch.Status.CHECKING:
        return batch
    checking = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CHECKING)

    def progress(done: int, total: int) -> None:
        checking.update(rows_done=done, rows_total=total, progress_at=timezone.now())

    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            header, rows = importing.read_table(batch.filename, bytes(batch.content))
            progress(0, len(rows))
            plan = importing.plan(header, rows, progress=progress)
        except importing.ImportFileError as error:
            _import_failed(checking, str(error), forget_file=True)
        except Exception:
            logger.exception("Check of import batch %s failed", batch_id)
            _import_failed(
                checking,
                _("Something went wrong while checking the file. Upload it again."),
                forget_file=True,
            )
        else:
            with transaction.atomic():
                checked = checking.update(
                    status=ImportBatch.Status.CHECKED,
                    report=plan.as_report(),
                    rows_total=len(plan.valid_rows),
                    rows_done=0,
                )
                if checked:
                    audit_log(
                        actor=batch.created_by,
                        action="directory.import_checked",
                        obj=batch,
                        data=plan.summary(),
                    )
    batch.refresh_from_db()
    return batch


def _import_failed(batches, message: str, *, forget_file: bool = False) -> None:
    """Mark a check or an import as failed. A file whose check failed can never be
    imported, so it is not kept (it may hold people's details the import never used)."""
    batches.update(
        status=ImportBatch.Status.FAILED,
        result={"error": message},
        finished_at=timezone.now(),
        **({"content": b""} if forget_file else {}),
    )


def import_start(*, actor, batch: ImportBatch, accept_valid: bool) -> bool:
    """Queue the import of a checked file, once: a second click changes nothing.

    Returns whether this call started it.
    """
    if batch.status == ImportBatch.Status.CHECKING:
        raise ValidationError(_("The file is still being checked: wait for the check to end."))
    summary = batch.report.get("summary", {})
    if summary.get("rejected") and not accept_valid:
        raise ValidationError(
            _("Some rows have problems: correct the file, or import only the valid rows.")
        )
    if not summary.get("valid"):
        raise ValidationError(_("No row of this file can be imported."))
    with transaction.atomic():
        started = ImportBatch.objects.filter(
            pk=batch.pk, status__in=[ImportBatch.Status.CHECKED, ImportBatch.Status.FAILED]
        ).update(status=ImportBatch.Status.IMPORTING, accept_valid=accept_valid, rows_done=0)
        if started:
            audit_log(actor=actor, action="directory.import_started", obj=batch)
            transaction.on_commit(lambda: import_run.enqueue(batch_id=batch.pk))
    return bool(started)


def import_finish(*, batch_id: int) -> ImportBatch:
    """Carry out a started import (the task queue calls this), recording progress and result."""
    batch = ImportBatch.objects.with_uploader().get(pk=batch_id)
    if batch.status != ImportBatch.Status.IMPORTING:
        return batch
    importing_now = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.IMPORTING)

    def progress(done: int, total: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(rows_done=done, rows_total=total)

    try:
        header, rows = importing.read_table(batch.filename, bytes(batch.content))
        plan = importing.plan(header, rows)
        result = import_apply(
            actor=batch.created_by,
            plan=plan,
            accept_valid=batch.accept_valid,
            source=batch.filename,
            progress=progress,
        )
    except (importing.ImportFileError, ValidationError) as error:
        _import_failed(importing_now, " ".join(getattr(error, "messages", [str(error)])))
    except Exception:
        # Whatever went wrong, the page must not wait forever: the batch fails and may be
        # started again (rows already written are matched, not repeated).
        logger.exception("Import of batch %s failed", batch_id)
        _import_failed(
            importing_now,
            _(
                "Something went wrong while importing. Try again; rows already imported are "
                "not repeated."
            ),
        )
    else:
        # The file is no longer needed once imported: it may hold columns with people's
        # details that the import never used.
        importing_now.update(
            status=ImportBatch.Status.DONE,
            result=result,
            finished_at=timezone.now(),
            content=b"",
        )
    batch.refresh_from_db()
    return batch


def import_apply(
    *,
    actor,
    plan: "importing.Plan",
    accept_valid: bool = False,
    source: str = "",
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> dict[str, int]:
    """Create what a checked plan says: new groups, partners and links; match the rest.

    Nothing is written unless every row is valid or `accept_valid` says to
    import the valid ones. Rows are written in chunks so progress shows; a
    file imported twice creates nothing the second time.
    """
    rows = plan.valid_rows
    if len(rows) != len(plan.rows) and not accept_valid:
        raise ValidationError(
            _("Some rows have problems: correct the file, or import only the valid rows.")
        )
    counts = {"groups": 0, "partners": 0, "links": 0, "existing_links": 0}
    counts["rejected"] = len(plan.rows) - len(rows)
    groups = {group.name.casefold(): group for group in Group.objects.all()}
    partners = {}
    for partner in Partner.objects.all():
        partners[partner.name.casefold()] = partner
        if partner.name_ar:
            partners.setdefault(partner.name_ar.casefold(), partner)
    person = acting_person(actor)
    for start in range(0, len(rows), IMPORT_CHUNK):
        with transaction.atomic():
            for row in rows[start : start + IMPORT_CHUNK]:
                group = _import_group(row, groups, person, source, counts)
                partner = _import_partner(row, partners, person, source, counts)
                _import_link(row, group, partner, person, source, counts)
        progress(min(start + IMPORT_CHUNK, len(rows)), len(rows))
    with transaction.atomic():
        audit_log(actor=person, action="directory.imported", data={"file": source, **counts})
    search.refresh_statistics()
    return counts


def _import_group(row, groups: dict, person, source: str, counts: dict) -> Group:
    key = row.values["group"].strip().casefold()
    if key not in groups:
        name = row.values["group"].strip()
        groups[key] = Group.objects.create(
            name=name,
            slug=unique_slug(name),
            kind=row.group_kind,
            place_id=row.group_place_id,
            public_email=row.contact,
            status=ReviewStatus.APPROVED,
        )
        audit_log(actor=person, action="group.imported", obj=groups[key], data={"file": source})
        counts["groups"] += 1
    return groups[key]


def _import_partner(row, partners: dict, person, source: str, counts: dict) -> Partner:
    key = row.values["partner"].strip().casefold()
    if key not in partners:
        name = row.values["partner"].strip()
        partners[key] = Partner.objects.create(
            name=name,
            name_ar=row.values.get("partner_ar", "").strip()[:200],
            slug=unique_slug(name, model=Partner),
            kind=row.partner_kind,
            place_id=row.partner_place_id,
            sensitive=row.sensitive,
        )
        audit_log(actor=person, action="partner.imported", obj=partners[key], data={"file": source})
        counts["partners"] += 1
    return partners[key]


def _import_link(row, group: Group, partner: Partner, person, source: str, counts: dict) -> None:
    if Link.objects.filter(group=group, partner=partner).exists():
        counts["existing_links"] += 1
        return
    link = Link.objects.create(
        group=group,
        partner=partner,
        kind=row.link_kind,
        status=row.link_status,
        started_on=row.since if row.link_status != LinkStatus.PROPOSED else None,
        story=row.values.get("story", "").strip(),
    )
    LinkStatusChange.objects.create(
        link=link,
        from_status="",
        to_status=row.link_status,
        on=row.since or timezone.localdate(),
        reason=_("Imported from a spreadsheet"),
        by=person,
    )
    audit_log(actor=person, action="link.imported", obj=link, data={"file": source})
    counts["links"] += 1
