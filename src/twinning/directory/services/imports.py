"""Importing a spreadsheet of the directory: uploaded, checked, then imported.

One pipeline, used by the upload page's two tasks and by `twinning import directory`:

    import_plan(file)          read it and check every row (`importing.plan`): a Plan, which
                               says of each row what it would create or match, and the ids of
                               the group, partner and places it would use. Writes nothing.
    import_plan_checked(batch) that plan again, for the import of an uploaded file: the same
                               bytes read again, the check's decisions taken from its report.
    import_apply(plan)         writes exactly what the plan says, a chunk at a time; a row whose
                               group, partner or link changed since the check is refused with
                               the reason, not decided again.
"""

import datetime
import logging
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.services import acting_person
from twinning.core.services import audit_log, revision_bump
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
from twinning.directory.reasons import Reason
from twinning.directory.services.shared import unique_slugs
from twinning.directory.tasks import import_check_run, import_run
from twinning.places.models import Place

logger = logging.getLogger(__name__)


IMPORT_CHUNK = 200

Progress = Callable[[int, int], None]  # (rows done, rows in all)


# A check that has not moved for this long has stopped (its worker died): it may be
# started again.
IMPORT_CHECK_STALLED = datetime.timedelta(minutes=10)


def import_upload(*, actor, filename: str, content: bytes, queue: bool = True) -> ImportBatch:
    """Keep an uploaded file (`content` is at most `importing.MAX_BYTES`) and queue its
    check, row by row, on the task queue.

    Only the cheap checks run here (`importing.check_upload`: the size and kind of
    file, a CSV file's header, a workbook's archive), so that a file refused by them
    gets a ValidationError while the coordinator is still on the form. The rows are
    read by the check, which also refuses a workbook that lacks a required column; it
    runs in the coordinator's language (a kind may be named in it), and keeps its findings
    as reasons (`directory.reasons`) that each reader reads in their own.
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


def import_plan(
    *, filename: str, content: bytes, progress: Progress = lambda done, total: None
) -> importing.Plan:
    """Read a file and check every row against the directory: what importing it would do.

    Reads the database (one query per table, and the gazetteer for each place named);
    writes nothing. Raises `importing.ImportFileError` for a file that cannot be read.
    """
    header, rows = importing.read_table(filename, content)
    progress(0, len(rows))
    return importing.plan(header, rows, progress=progress)


def import_plan_checked(batch: ImportBatch) -> importing.Plan:
    """The plan the check of `batch` made, from its file (kept for this) and its report,
    so that the import writes exactly what the coordinator saw checked."""
    header, rows = importing.read_table(batch.filename, bytes(batch.content))
    return importing.plan_as_checked(header, rows, batch.report)


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
            plan = import_plan(
                filename=batch.filename, content=bytes(batch.content), progress=progress
            )
        except importing.ImportFileError as error:
            _import_failed(checking, error.reason, forget_file=True)
        except Exception:
            logger.exception("Check of import batch %s failed", batch_id)
            _import_failed(
                checking,
                Reason(
                    gettext_lazy("Something went wrong while checking the file. Upload it again.")
                ),
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


def _import_failed(
    batches, reason: Reason | str, *, forget_file: bool = False, result=None
) -> None:
    """Mark a check or an import as failed, with the reason. A file whose check failed can
    never be imported, so it is not kept (it may hold people's details the import never
    used)."""
    batches.update(
        status=ImportBatch.Status.FAILED,
        result={
            **(result or {}),
            "error": reason.as_data() if isinstance(reason, Reason) else reason,
        },
        finished_at=timezone.now(),
        **({"content": b""} if forget_file else {}),
    )


def import_start(*, actor, batch: ImportBatch, accept_valid: bool) -> bool:
    """Queue the import of a checked file, once: a second click changes nothing.

    An import that failed may be started again: it goes on after the last chunk it
    wrote. Returns whether this call started it.
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
    batches = ImportBatch.objects.filter(pk=batch.pk)
    # `progress_at` None: no run of the import task has taken it yet (`import_finish`)
    starting = {"status": ImportBatch.Status.IMPORTING, "accept_valid": accept_valid}
    with transaction.atomic():
        started = batches.filter(status=ImportBatch.Status.CHECKED).update(
            **starting,
            progress_at=None,
            rows_done=0,
            result={"started_at": timezone.now().isoformat()},
        ) or batches.filter(status=ImportBatch.Status.FAILED).update(**starting, progress_at=None)
        if started:
            audit_log(actor=actor, action="directory.import_started", obj=batch)
            language = translation.get_language() or settings.LANGUAGE_CODE
            transaction.on_commit(lambda: import_run.enqueue(batch_id=batch.pk, language=language))
    return bool(started)


def import_finish(*, batch_id: int, language: str | None = None) -> ImportBatch:
    """Carry out a started import (the task queue calls this), recording progress and result.

    One run at a time: a second run of the task leaves the import to the first, unless
    the first has stopped moving (its worker died), when it takes over where it stopped.
    Rows refused because they changed since the check keep their reasons, read in each
    reader's language; what is written as text (a link's first status change) is in `language`.
    """
    batch = ImportBatch.objects.with_uploader().get(pk=batch_id)
    if batch.status != ImportBatch.Status.IMPORTING:
        return batch
    now = timezone.now()
    claimed = (
        ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.IMPORTING)
        .filter(Q(progress_at__isnull=True) | Q(progress_at__lt=now - IMPORT_CHECK_STALLED))
        .update(progress_at=now)
    )
    if not claimed:
        return batch
    batch.progress_at = now
    importing_now = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.IMPORTING)
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            plan = import_plan_checked(batch)
            result = import_apply(
                actor=batch.created_by,
                plan=plan,
                accept_valid=batch.accept_valid,
                source=batch.filename,
                batch=batch,
            )
        except importing.ImportFileError as error:
            _import_failed(importing_now, error.reason, result=_so_far(batch_id))
        except ValidationError as error:
            _import_failed(importing_now, " ".join(error.messages), result=_so_far(batch_id))
        except Exception:
            # Whatever went wrong, the page must not wait forever: the batch fails and may be
            # started again, going on after the rows already written.
            logger.exception("Import of batch %s failed", batch_id)
            _import_failed(
                importing_now,
                Reason(
                    gettext_lazy(
                        "Something went wrong while importing. Try again; rows already imported "
                        "are not repeated."
                    )
                ),
                result=_so_far(batch_id),
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


def _so_far(batch_id: int) -> dict:
    """What an import that stopped had done, as its last chunk recorded it."""
    result = ImportBatch.objects.filter(pk=batch_id).values_list("result", flat=True).first()
    return {key: value for key, value in (result or {}).items() if key != "error"}


# A refused row's reason is kept for the first this many; the rest are counted.
REFUSED_KEPT = 500


def import_apply(
    *,
    actor,
    plan: importing.Plan,
    accept_valid: bool = False,
    source: str = "",
    progress: Progress = lambda done, total: None,
    batch: ImportBatch | None = None,
) -> dict:
    """Write what a checked plan says, and only that: the groups, partners and links it
    creates, on the groups, partners and places it found.

    Nothing is written unless every row is valid or `accept_valid` says to import the
    valid ones. Rows are written in chunks, each in its own transaction, so progress
    shows; each chunk first reads, in a few queries for all its rows, whether what they
    were checked against still holds. A row whose group or partner has since been
    renamed, removed or not accepted, or whose new group, partner or link someone has
    added meanwhile, is refused with the reason (in "refused"), never decided again.

    With `batch`, what is done is recorded on it with every chunk, so an import that
    stopped goes on after the last chunk written when it is started again.
    """
    rows = plan.valid_rows
    if len(rows) != len(plan.rows) and not accept_valid:
        raise ValidationError(
            _("Some rows have problems: correct the file, or import only the valid rows.")
        )
    so_far = batch.result if batch is not None else {}
    done = batch.rows_done if batch is not None else 0
    writer = _Writer(person=acting_person(actor), source=source, so_far=so_far, written=rows[:done])
    for start in range(done, len(rows), IMPORT_CHUNK):
        end = min(start + IMPORT_CHUNK, len(rows))
        with transaction.atomic():
            writer.write(rows[start:end])
            result = writer.result(rejected=len(plan.rows) - len(rows))
            if batch is not None:
                ImportBatch.objects.filter(pk=batch.pk).update(
                    rows_done=end,
                    rows_total=len(rows),
                    progress_at=timezone.now(),
                    result={**result, "started_at": so_far.get("started_at")},
                )
            progress(end, len(rows))
    result = writer.result(rejected=len(plan.rows) - len(rows))
    counts = {key: value for key, value in result.items() if key != "refused"}
    with transaction.atomic():
        audit_log(actor=writer.person, action="directory.imported", data={"file": source, **counts})
    search.refresh_statistics()
    return result


class _Now(NamedTuple):
    """What a chunk's rows were checked against, as the directory holds it now."""

    groups: dict[int, Group]  # the groups rows matched, by id
    partners: dict[int, Partner]
    group_names: dict[str, Group]  # groups bearing a name rows would give a new group
    partner_names: dict[str, Partner]
    places: dict[int, Place]  # the places new groups and partners would be on
    linked: set[tuple[int, int]]  # pairs of matched sides with a link between them


class _Writer:
    """Writes a plan's valid rows a chunk at a time, refusing those that no longer hold.

    It remembers across chunks the groups and partners it made (rows further on use
    them) and the new names it could not make (their later rows are refused alike).
    """

    def __init__(self, *, person, source: str, so_far: dict, written: list) -> None:
        self.person, self.source = person, source
        self.counts = {key: so_far.get(key, 0) for key in _COUNTS}
        self.refused: list[dict] = list(so_far.get("refused", []))
        self.refused_count: int = so_far.get("refused_count", 0)
        self.made: dict[tuple[str, str], Group | Partner] = {}  # ("group", name) → made
        self.unmade: dict[tuple[str, str], Reason] = {}  # ("group", name) → why not
        # Going on after a stop: a group or partner that rows already written were to
        # make, and that was added since the import began, is this import's own.
        started = so_far.get("started_at")
        self.began = datetime.datetime.fromisoformat(started) if started else None
        self.earlier = {key for row in written for key in _new_sides(row)}

    def result(self, *, rejected: int) -> dict:
        result = {**self.counts, "rejected": rejected}
        if self.refused_count:
            result |= {"refused": self.refused, "refused_count": self.refused_count}
        return result

    def write(self, rows: list) -> None:
        now = self._as_now(rows)
        accepted = []
        for row in rows:
            reason = self._side(row, "group", now) or self._side(row, "partner", now)
            reason = reason or self._link(row, now)
            if reason:
                self._refuse(row, reason)
            else:
                accepted.append(row)
        groups = self._make_groups(accepted, now)
        partners = self._make_partners(accepted, now)
        links = self._make_links(accepted, now)
        # the interests of what is indexed and of the links' sides: one query each
        prefetch_related_objects(_distinct(*groups, *(link.group for link in links)), "interests")
        prefetch_related_objects(
            _distinct(*partners, *(link.partner for link in links)), "interests"
        )
        search.index_created([*groups, *partners, *links])
        if groups or partners or links:
            revision_bump("directory")

    def _as_now(self, rows: list) -> _Now:
        """Everything the chunk's rows were checked against, in a few queries for them all."""
        # the new names that earlier chunks neither made nor refused
        new = {key for row in rows for key in _new_sides(row)} - self.made.keys()
        new -= self.unmade.keys()
        new_names = {side: {name for s, name in new if s == side} for side in ("group", "partner")}
        pairs = {(row.group_id, row.partner_id) for row in rows if row.group_id and row.partner_id}
        places = {row.group_place_id for row in rows if row.group_id is None}
        places |= {row.partner_place_id for row in rows if row.partner_id is None}
        return _Now(
            groups=Group.objects.with_place().in_bulk({r.group_id for r in rows if r.group_id}),
            partners=Partner.objects.with_place().in_bulk(
                {r.partner_id for r in rows if r.partner_id}
            ),
            group_names=_by_name(Group.objects.named(new_names["group"]), new_names["group"]),
            partner_names=_by_name(
                Partner.objects.named(new_names["partner"]), new_names["partner"]
            ),
            places=Place.objects.offered().in_bulk(places - {None}),
            linked=set(Link.objects.between(pairs).values_list("group_id", "partner_id")),
        )

    def _side(self, row, side: str, now: _Now) -> Reason | None:
        """Why the row's group (or partner) no longer holds as checked; None if it does."""
        checked_name = (row.group if side == "group" else row.partner)[1]
        name = row.group_name if side == "group" else row.partner_name
        found = row.group_id if side == "group" else row.partner_id
        if found is not None:
            obj = (now.groups if side == "group" else now.partners).get(found)
            if obj is None:
                return Reason(
                    gettext_lazy("%(name)s is no longer in the directory."), name=checked_name
                )
            if name.casefold() not in _names(obj):
                return Reason(
                    gettext_lazy("%(name)s has been renamed %(new)s since the check."),
                    name=checked_name,
                    new=obj.name,
                )
            if obj.status != ReviewStatus.APPROVED:
                return importing.not_reviewed(obj.name, obj.status)
            return None
        key = (side, name.casefold())
        if key in self.made:
            return None
        if key not in self.unmade:
            other = (now.group_names if side == "group" else now.partner_names).get(key[1])
            place = row.group_place_id if side == "group" else row.partner_place_id
            if other is not None and self._ours(key, other):
                self.made[key] = other
                return None
            if other is not None:
                self.unmade[key] = Reason(
                    gettext_lazy(
                        "%(name)s was added to the directory after the check: importing this "
                        "row would add it twice."
                    ),
                    name=other.name,
                )
            elif place not in now.places:
                self.unmade[key] = Reason(
                    gettext_lazy("A place this row names is no longer in the gazetteer.")
                )
            else:
                return None
        return self.unmade[key]

    def _ours(self, key: tuple[str, str], obj) -> bool:
        return key in self.earlier and self.began is not None and obj.created_at >= self.began

    def _link(self, row, now: _Now) -> Reason | None:
        """Why the row's link no longer holds as checked (only matched sides can have one)."""
        if row.group_id is None or row.partner_id is None:
            return None
        linked = (row.group_id, row.partner_id) in now.linked
        names = {"group": row.group[1], "partner": row.partner[1]}
        if row.link == "new" and linked:
            return Reason(
                gettext_lazy("%(group)s and %(partner)s have been linked since the check."),
                **names,
            )
        if row.link == "exists" and not linked:
            return Reason(
                gettext_lazy(
                    "The link between %(group)s and %(partner)s is no longer in the directory."
                ),
                **names,
            )
        return None

    def _refuse(self, row, reason: Reason) -> None:
        self.refused_count += 1
        if len(self.refused) < REFUSED_KEPT:
            names = {"group": row.group[1], "partner": row.partner[1]}
            self.refused.append({"row": row.number, **names, "reason": reason.as_data()})

    def _make_groups(self, rows: list, now: _Now) -> list[Group]:
        new: dict[tuple[str, str], Group] = {}
        for row in rows:
            key = ("group", row.group_name.casefold())
            if row.group_id is None and key not in self.made and key not in new:
                new[key] = Group(
                    name=row.group_name,
                    kind=row.group_kind,
                    place=now.places[row.group_place_id],
                    public_email=row.contact,
                    status=ReviewStatus.APPROVED,
                )
        groups = list(new.values())
        for group, slug in zip(groups, unique_slugs([g.name for g in groups]), strict=True):
            group.slug = slug
        Group.objects.bulk_create(groups)
        for group in groups:
            audit_log(actor=self.person, action="group.imported", obj=group, data=self._file())
        self.made |= new
        self.counts["groups"] += len(groups)
        return groups

    def _make_partners(self, rows: list, now: _Now) -> list[Partner]:
        new: dict[tuple[str, str], Partner] = {}
        for row in rows:
            key = ("partner", row.partner_name.casefold())
            if row.partner_id is None and key not in self.made and key not in new:
                new[key] = Partner(
                    name=row.partner_name,
                    name_ar=row.values.get("partner_ar", "").strip()[:200],
                    kind=row.partner_kind,
                    place=now.places[row.partner_place_id],
                    sensitive=row.sensitive,
                )
        partners = list(new.values())
        named = [partner for partner in partners if not partner.sensitive]
        for partner, slug in zip(
            named, unique_slugs([p.name for p in named], model=Partner), strict=True
        ):
            partner.slug = slug
        for partner in partners:
            partner.fill_address_and_sort()  # a sensitive one's address is drawn at random
        Partner.objects.bulk_create(partners)
        for partner in partners:
            audit_log(actor=self.person, action="partner.imported", obj=partner, data=self._file())
        self.made |= new
        self.counts["partners"] += len(partners)
        return partners

    def _make_links(self, rows: list, now: _Now) -> list[Link]:
        made = []
        for row in rows:
            if row.link == "exists":
                self.counts["existing_links"] += 1
                continue
            group = now.groups.get(row.group_id) or self.made[("group", row.group_name.casefold())]
            partner = (
                now.partners.get(row.partner_id)
                or self.made[("partner", row.partner_name.casefold())]
            )
            link = Link(
                group=group,
                partner=partner,
                kind=row.link_kind,
                status=row.link_status,
                started_on=row.since if row.link_status != LinkStatus.PROPOSED else None,
                story=row.values.get("story", "").strip(),
            )
            link.fill_listing()  # as `save` would
            made.append((row, link))
        links = Link.objects.bulk_create([link for _row, link in made])
        LinkStatusChange.objects.bulk_create(
            LinkStatusChange(
                link=link,
                from_status="",
                to_status=row.link_status,
                on=row.since or timezone.localdate(),
                reason=_("Imported from a spreadsheet"),
                by=self.person,
            )
            for row, link in made
        )
        for link in links:
            audit_log(actor=self.person, action="link.imported", obj=link, data=self._file())
        self.counts["links"] += len(links)
        return links

    def _file(self) -> dict:
        return {"file": self.source}


_COUNTS = ("groups", "partners", "links", "existing_links")


def _new_sides(row) -> list[tuple[str, str]]:
    """The new groups and partners `row` would make, as ("group", name) keys."""
    sides = []
    if row.group_id is None:
        sides.append(("group", row.group_name.casefold()))
    if row.partner_id is None:
        sides.append(("partner", row.partner_name.casefold()))
    return sides


def _distinct(*objects) -> list:
    return list({id(obj): obj for obj in objects}.values())


def _names(obj) -> set[str]:
    """The names a row may match a group or partner by (a partner's Arabic one too)."""
    return {name.casefold() for name in (obj.name, getattr(obj, "name_ar", "")) if name}


def _by_name(objects, names: set[str]) -> dict:
    """`objects` (named like `names` but for case, as far as the database knows case) by
    the one of `names` each truly bears; none at all when there are no names."""
    if not names:
        return {}
    found = {}
    for obj in objects.order_by("pk"):
        for name in _names(obj) & names:
            found.setdefault(name, obj)
    return found
