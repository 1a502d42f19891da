"""HTML -> PDF with WeasyPrint: A4, PDF/UA tagged, fonts embedded and subset, and nothing
fetched from anywhere but the project's own templates."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import RenderError
from reportgen.paths import TEMPLATES_DIR


def _local_only_fetcher():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            allowed = url.startswith("data:")
            if url.startswith("file://"):
                allowed = Path(url[len("file://"):].split("?")[0]).resolve().is_relative_to(TEMPLATES_DIR.resolve())
            if not allowed:
                raise FatalURLFetchingError(f"refused to fetch {url[:200]}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)


def html_to_pdf(html: str, title: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        document = HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=_local_only_fetcher())
        return document.write_pdf(pdf_variant="pdf/ua-1")
    except FatalURLFetchingError as exc:
        raise RenderError(f"The brief '{title}' refers to a resource outside the project's own assets "
                          f"({exc.__cause__ or exc}); rendering fetches nothing from elsewhere.") from exc
    except Exception as exc:  # WeasyPrint's own failures carry no stable type
        raise RenderError(f"WeasyPrint could not lay out the brief '{title}': {exc}") from exc
