"""Directory work that runs on the task queue: checking and importing a large spreadsheet."""

from django_tasks import task


@task()
def import_check_run(*, batch_id: int, language: str = "en") -> str:
    """Check an uploaded file row by row, writing its findings in `language`;
    progress and the report are kept on its batch."""
    from twinning.directory import services

    return services.import_check_finish(batch_id=batch_id, language=language).status


@task()
def import_run(*, batch_id: int, language: str = "en") -> str:
    """Import a file a coordinator checked and confirmed, writing why a row was refused in
    `language`; progress is kept on its batch."""
    from twinning.directory import services

    return services.import_finish(batch_id=batch_id, language=language).status
