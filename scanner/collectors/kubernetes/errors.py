"""Why a Kubernetes request failed, as a coverage error code a person can act on."""

from __future__ import annotations

from scanner.links import docs_url
from scanner.model import CoverageError

HINTS = {
    "forbidden": f"grant get/list on this resource ({docs_url('docs/kubernetes-clusterrole.yaml')})",
    "unauthorized": "the credentials were refused; refresh the kubeconfig token or certificate",
    "unreachable": "check the API server address, the network path and the cluster's state",
    "timeout": "the API server did not answer in time; raise timeout or lower page_size",
    "gone": "the list kept expiring (410 Gone) while it was paged; retry, or raise page_size",
    "throttled": "the API server kept answering 429 after the retry budget; lower workers",
    "server_error": "the API server answered 5xx after the retry budget; check its health",
    "tls_error": "the server certificate did not verify against the kubeconfig's CA",
    "bad_response": "the answer was not a Kubernetes list; is the address an API server?",
    "config_error": "check the kubeconfig file and the --context name",
    "not_found": "the namespace or resource does not exist in this cluster",
}


class KubeRequestError(Exception):
    """One request (after its retries) failed. ``code`` is the CoverageError code."""

    def __init__(self, code: str, message: str, where: str, status: int | None = None) -> None:
        super().__init__(f"{code}: {message} ({where})")
        self.code = code
        self.message = message
        self.where = where
        self.status = status
        self.retry_after: float | None = None

    def with_retry_after(self, header: str | None) -> KubeRequestError:
        """Keep a 429's Retry-After seconds for the backoff; anything unparseable is ignored."""
        try:
            self.retry_after = max(0.0, float(header)) if header else None
        except ValueError:
            self.retry_after = None
        return self

    def coverage_error(self) -> CoverageError:
        hint = HINTS.get(self.code)
        return CoverageError(self.code, f"{self.message}; {hint}" if hint else self.message, self.where)


def code_for_status(status: int) -> str:
    if status == 401:
        return "unauthorized"
    if status == 403:
        return "forbidden"
    if status == 404:
        return "not_found"
    if status == 410:
        return "gone"
    if status == 429:
        return "throttled"
    if status >= 500:
        return "server_error"
    return f"http_{status}"
