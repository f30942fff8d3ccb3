"""How the site's log reads: one line for what a visitor got wrong, a traceback for ours."""

import logging


class ClientErrorsOnOneLine(logging.Filter):
    """Drop the traceback Django attaches to a 4xx response's log record (every refusal,
    a 403, is logged with the exception that made it): the path and the status are the
    news, and a console of tracebacks hides the 500s that matter. A 5xx keeps its
    traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
