"""What to read from Google Cloud, and how hard to try."""

from __future__ import annotations

from dataclasses import dataclass

ALL_LOCATIONS = "all"
SERVICES = ("vertex", "workbench")
DEFAULT_ENDPOINT = "https://{location}-aiplatform.googleapis.com"
DEFAULT_WORKBENCH_ENDPOINT = "https://notebooks.googleapis.com"


@dataclass(frozen=True)
class GcpSettings:
    # project ids; empty: the Application Default Credentials' project (GOOGLE_CLOUD_PROJECT,
    # gcloud's configured project, or the service account key's)
    projects: tuple[str, ...] = ()
    # Vertex AI regions; ("all",): every location the Locations API lists for each project
    locations: tuple[str, ...] = (ALL_LOCATIONS,)
    services: tuple[str, ...] = SERVICES
    workers: int = 8  # threads across (project, location, service) units
    max_attempts: int = 5  # per call, on 429 (Retry-After honoured), 5xx and connection errors
    timeout: float = 30.0  # seconds per connection and per read
    max_retry_after: float = 60.0  # a longer Retry-After is not waited for: the unit is throttled
    page_size: int = 100  # results per list page
    # Vertex AI's regional endpoint ({location} is filled in per unit); a Private Service Connect
    # endpoint, or a test server, replaces it
    endpoint: str = DEFAULT_ENDPOINT
    workbench_endpoint: str = DEFAULT_WORKBENCH_ENDPOINT
