"""Gunicorn's access log (LOG_FORMAT=text) without the secrets some addresses hold.

Gunicorn writes the request line as the client sent it: a private OPDS catalog's
token (/opds/u/TOKEN/…), a password reset link, and any query string. This logger
class writes them as site/logs.py does for the JSON request log: secret URL parts
REDACTED, query strings left out, the referrer's too.
"""

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from gunicorn.glogging import Logger


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        # Imported here: the master loads this module before Django is set up.
        from ficshelf.site.logs import redact_path

        atoms = super().atoms(resp, req, environ, request_time)
        path = redact_path(environ.get("PATH_INFO", ""))
        atoms |= {"r": f"{atoms['m']} {path} {atoms['H']}", "U": path, "q": ""}
        # The environ's own copies, for formats that name them ("%({raw_uri}e)s").
        for name, value in (("raw_uri", path), ("path_info", path), ("query_string", "")):
            if f"{{{name}}}e" in atoms:
                atoms[f"{{{name}}}e"] = value
        if atoms["f"] != "-":
            referrer = urlsplit(atoms["f"])
            atoms["f"] = urlunsplit(referrer._replace(path=redact_path(referrer.path), query="", fragment=""))
        return atoms
