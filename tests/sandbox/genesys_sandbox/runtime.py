"""What every service of one sandbox process shares."""

import dataclasses
from urllib.parse import urlsplit

SERVICES = ("auth", "gws", "nexus", "iwd")


def normalize_url(url):
    """``scheme://host:port/path`` with defaults filled in, so equal endpoints compare equal."""
    parts = urlsplit((url or "").strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host == "localhost":
        host = "127.0.0.1"
    try:
        port = parts.port or {"http": 80, "https": 443}.get(scheme, 0)
    except ValueError:
        port = 0
    return "%s://%s:%s%s" % (scheme, host, port, parts.path.rstrip("/"))


@dataclasses.dataclass
class Runtime:
    config: object
    db: object
    log: object
    faults: object
    urls: dict = dataclasses.field(default_factory=dict)
    ca_path: str = None
    # The URLs of the ICWS partner hosts (the first host's is urls["icws"]).
    icws_alternate_urls: list = dataclasses.field(default_factory=list)
    token_lifetime: int = 43200
    # How K2 answers (config.apikeys_listing); POST /sandbox/config changes it until the next reset.
    apikeys_listing: str = "listed"
    # The reading of the [assumed] uniqueness rules in force (duplicates.py).
    accept_duplicates: bool = False
    # Genesys Cloud's settings in force and rate-limit windows (gcloud_app.GcloudState).
    gcloud: object = None
    # uvicorn servers by service name: the drop fault closes a connection through them.
    servers: dict = dataclasses.field(default_factory=dict)

    def is_own_gws(self, url):
        """True when ``url`` is this sandbox's Auth or GWS endpoint, both of which serve A7."""
        wanted = normalize_url(url)
        return any(wanted == normalize_url(self.urls.get(name)) for name in ("auth", "gws"))
