"""What to read from the Hugging Face Hub, and how hard to try."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HuggingFaceSettings:
    # organisations or users whose models are read (each one coverage unit). The token is never
    # set here: huggingface_hub's own HF_TOKEN or token file applies.
    orgs: tuple[str, ...] = ()
    endpoint: str | None = None  # else HF_ENDPOINT, else https://huggingface.co
    tags: bool = True  # read each repo's git tags (one call per repo): a tag is a model version
    workers: int = 8  # threads reading git refs
    max_attempts: int = 4  # per request: connection errors, timeouts, 429 and 5xx
    timeout: float = 30.0  # seconds per request (connect and read)
    max_retry_after: float = 60.0  # the longest Retry-After honoured; a longer one ends the retries
