"""Downloads named in Chinese: 株司函〔2025〕7号-市住房和城乡建设局合同专项清查反馈函.pdf, sent with RFC 6266's
`filename*` (UTF-8) and an ASCII `filename` for old clients (django.utils.http.content_disposition_header)."""

from django.utils.http import content_disposition_header

# Characters a file system or a browser's save dialog would refuse in a name.
UNSAFE = str.maketrans({ch: "_" for ch in '/\\:*?"<>|\r\n\t'})


def download_name(name: str) -> str:
    return " ".join(name.translate(UNSAFE).split())


def as_download(response, name: str):
    """Mark `response` as an attachment called `name` (any language)."""
    response["Content-Disposition"] = content_disposition_header(True, download_name(name))
    return response
