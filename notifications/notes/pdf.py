"""HTML to PDF with WeasyPrint, fetching nothing but the notes' own stylesheet.

The fonts are the system's (Debian's fonts-noto-core, found by fontconfig), so no font
file is fetched either. An editable template that names any other resource (an http
address, another file) renders without it: the fetcher refuses, WeasyPrint logs it.
"""

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

STATIC = Path(__file__).resolve().parent.parent / "static" / "notes"
STYLESHEET = STATIC / "note.css"


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Fetches files inside notifications/static/notes/ and nothing else."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file" and not parts.netloc:
                path = Path(url2pathname(parts.path)).resolve()
                if path.is_relative_to(STATIC) and path.is_file():
                    return super().fetch(path.as_uri(), headers)
            raise ValueError(f"Notes fetch only their own stylesheet, not {url[:80]}")

    return LocalFetcher


@cache
def _stylesheet():
    from weasyprint import CSS

    return CSS(filename=str(STYLESHEET), url_fetcher=_fetcher_class()())


def render_pdf(html):
    """The PDF of one note (or terms of reference) from its HTML."""
    # WeasyPrint loads Pango when imported: only the processes that render pay for it.
    from weasyprint import HTML

    document = HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=_fetcher_class()())
    # Tagged: a screen reader reads the headings, lists and paragraphs as such.
    return document.write_pdf(stylesheets=[_stylesheet()], pdf_tags=True)
