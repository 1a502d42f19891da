"""HTML -> PDF with WeasyPrint: A4, PDF/UA tagged, fonts embedded and subset, and nothing
fetched from anywhere but the project's own templates and the font files its stylesheet names."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

from reportgen.errors import RenderError
from reportgen.fonts import font_files
from reportgen.paths import TEMPLATES_DIR


def _local_only_fetcher():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            allowed = url.startswith("data:")
            if url.startswith("file://"):
                path = Path(unquote(url[len("file://"):].split("?")[0])).resolve()
                allowed = path.is_relative_to(TEMPLATES_DIR.resolve()) or path in font_files()
            if not allowed:
                raise FatalURLFetchingError(f"refused to fetch {url[:200]}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)


def html_to_pdf(html: str, title: str, attachments: dict[str, bytes] | None = None,
                stamp: datetime | None = None) -> bytes:
    """Lay out `html` as a PDF; `attachments` (file name -> bytes) travel inside it, dated
    `stamp` rather than the clock so the same inputs give the same bytes."""
    from weasyprint import HTML, Attachment
    from weasyprint.urls import FatalURLFetchingError

    stamp = stamp or datetime(2000, 1, 1, tzinfo=timezone.utc)
    files = [
        Attachment(file_obj=io.BytesIO(data), name=name, created=stamp, modified=stamp,
                   relationship="Data", url_fetcher=_local_only_fetcher())
        for name, data in (attachments or {}).items()
    ]
    try:
        document = HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=_local_only_fetcher())
        return document.write_pdf(pdf_variant="pdf/ua-1", attachments=files)
    except FatalURLFetchingError as exc:
        raise RenderError(f"The brief '{title}' refers to a resource outside the project's own assets "
                          f"({exc.__cause__ or exc}); rendering fetches nothing from elsewhere.") from exc
    except Exception as exc:  # WeasyPrint's own failures carry no stable type
        raise RenderError(f"WeasyPrint could not lay out the brief '{title}': {exc}") from exc
