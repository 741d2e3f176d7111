"""HTML templates to PDF with WeasyPrint, fetching nothing: the fonts are the system's
(Noto, installed by the project's set-up) and a report embeds no image or stylesheet by
URL, so every URL (http, file, data) is refused."""

from django.template.loader import render_to_string


def _nothing_fetched():
    # Imported here: WeasyPrint takes a while to load, and only the sweep renders.
    from weasyprint.urls import URLFetcher

    class NothingFetched(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"a report fetches no URL ({url[:40]})")

    return NothingFetched()


def render(template, context):
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=_nothing_fetched()).write_pdf()
