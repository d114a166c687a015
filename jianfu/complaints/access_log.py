"""The web server's access log, without who sent a complaint.

gunicorn writes one line per request, by default beginning with the client's address and ending with its
user agent (`--access-logfile -`). For the complaint pages and endpoints this logger class writes the same
line with the address, the agent, the referring page and every request header and WSGI variable replaced
by "-": the method, the path, the status, the size and the duration stay, which is what an operator needs.
scripts/run.sh passes `--logger-class jianfu.complaints.access_log.ComplaintsBlindLogger`; a server run
another way must pass it too (docs/operations.md).

This module imports no Django: gunicorn loads its logger class before it loads the application.
"""

from gunicorn.glogging import Logger

# Everything the public reaches without an account: the filing and tracking pages and their API. The
# officials' pages under the same prefixes are blinded too: one rule, nothing to keep in step with the URLs.
COMPLAINT_PREFIXES = ("/complaints/", "/api/v1/complaints", "/survey/", "/api/v1/survey")  # and the anonymous survey
# The atoms that can only describe the request itself, never the person sending it.
KEPT_ATOMS = ("l", "t", "r", "s", "m", "U", "q", "H", "b", "B", "T", "D", "M", "L", "p")


def is_complaint_path(path: str) -> bool:
    return path.startswith(COMPLAINT_PREFIXES) or path.rstrip("/") == "/api/v1/complaints"


class ComplaintsBlindLogger(Logger):
    """gunicorn's logger, blind to the sender of a complaint request (other requests are logged as usual)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if not is_complaint_path(environ.get("PATH_INFO") or ""):
            return atoms
        kept = {name: atoms[name] for name in KEPT_ATOMS if name in atoms}
        kept.update({"h": "-", "u": "-", "f": "-", "a": "-"})
        return kept
