"""Where a journal is: a SQLite file or a database URL, and how netj names it.

The one place that decides whether ``--db`` / ``NETJ_DB`` names a server, and
the one place that hides a URL's password in what netj prints.
"""

from __future__ import annotations

URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(text: str) -> bool:
    """Whether ``--db`` / ``NETJ_DB`` names a database server rather than a
    SQLite file. A plain path is always a file."""
    return text.strip().lower().startswith(URL_SCHEMES)


def mask_url(url: str) -> str:
    """``url`` with its password (in the user part or a ``password=`` parameter)
    replaced by ``***``: what netj prints."""
    import re
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        query = re.sub(r"(?i)(^|&)(password=)[^&]*", r"\1\2***", parts.query)
        if parts.password is not None:
            user, _, host = parts.netloc.rpartition("@")
            parts = parts._replace(netloc=f"{user.split(':', 1)[0]}:***@{host}")
        return urlunsplit(parts._replace(query=query))
    except ValueError:
        return url.split("://", 1)[0] + "://***"


def scrub(text: str, url: str) -> str:
    """``text`` without the URL's password (from its user part or a ``password=`` parameter)."""
    from urllib.parse import parse_qs, unquote, urlsplit

    try:
        parts = urlsplit(url)
        secrets = {parts.password, *parse_qs(parts.query).get("password", [])}
    except ValueError:
        secrets = set()
    for secret in filter(None, secrets | {unquote(s) for s in secrets if s}):
        text = text.replace(secret, "***")
    return text
