"""PDF rendering with WeasyPrint, in the format of Chinese official documents (GB/T 9704-2012).

Templates extend `reports/document.html`. Every byte WeasyPrint loads goes through
`StaticOnlyFetcher`: the project's own static files and inline `data:` URLs are served, anything else
(file://, http://, a path in user text) is refused, so user text can never make the renderer read a
file or reach the network.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A host that cannot resolve: relative URLs in the templates resolve against it and are then mapped
# onto static files by the fetcher, never fetched.
BASE_URL = "https://pdf.zhuzhou-legal.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


class RefusedResource(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            relative = url[len(STATIC_PREFIX) :].split("?")[0].split("#")[0]
            path = finders.find(relative) if ".." not in relative else None
            if path:
                with open(path, "rb") as handle:
                    body = handle.read()
                media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body, {"Content-Type": media_type})
        raise RefusedResource(f"refused to fetch {url[:200]}")


@dataclass
class RenderedPdf:
    content: bytes
    pages: int


def html_to_pdf(html: str) -> RenderedPdf:
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    return RenderedPdf(content=document.write_pdf(), pages=len(document.pages))


def render_pdf(template_name: str, context: dict) -> RenderedPdf:
    return html_to_pdf(render_to_string(template_name, context))
