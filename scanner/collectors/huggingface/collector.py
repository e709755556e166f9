"""HuggingFaceCollector: each organisation (or user) on an endpoint is one coverage unit.

Per unit: the author's models, paged (one listing returns every field read, the card's front
matter included); then each repo's git tags on a thread pool, one refs call per repo. A failed
listing fails the unit; a repo whose refs could not be read makes it partial, and its head
revision is still reported. An empty listing is checked: an author that does not exist is
`not_found`, never an empty success. Without a token only public models can be listed, which is
recorded as `no_credentials` (partial): a scan never passes on a silently smaller estate.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scanner.collectors.huggingface.client import HubClient, endpoint_of, hub_module
from scanner.collectors.huggingface.entities import model_fields, tag_refs
from scanner.collectors.huggingface.errors import coverage_error
from scanner.collectors.huggingface.settings import HuggingFaceSettings
from scanner.model import Asset, Coverage, CoverageError, CoverageStatus, Inventory, SourceType, UsageError
from scanner.normalize import huggingface as normalize
from scanner.normalize.inherit import inherit_from_parents
from scanner.normalize.resolve import ResolverConfig
from scanner.text import plural

Progress = Callable[[str], None]
SOURCE = SourceType.HUGGINGFACE.value


@dataclass
class _Unit:
    author: str
    scope: str
    assets: list[Asset] = field(default_factory=list)
    errors: list[CoverageError] = field(default_factory=list)
    fatal: bool = False  # the listing itself failed: nothing was read


class HuggingFaceCollector:
    name = SOURCE

    def __init__(
        self,
        settings: HuggingFaceSettings | None = None,
        resolver: ResolverConfig | None = None,
        progress: Progress | None = None,
    ):
        self.settings = settings or HuggingFaceSettings()
        self.resolver = resolver or ResolverConfig()
        self.progress = progress or (lambda _: None)

    def collect(self) -> Inventory:
        if not self.settings.orgs:
            raise UsageError(
                "--source huggingface needs an organisation or user to read",
                where="--hf-org",
                hint="pass --hf-org ORG (repeatable), or list them under sources.huggingface.orgs",
            )
        hub_module()  # fail fast, with the install hint, when the extra is missing
        endpoint = endpoint_of(self.settings)
        client = HubClient(endpoint, self.settings)
        host = urlsplit(endpoint).netloc or endpoint
        units = [_Unit(org, f"{host}/{org}") for org in dict.fromkeys(self.settings.orgs)]
        for unit in units:
            self._read(client, endpoint, unit)
        coverage = []
        for unit in units:
            status = CoverageStatus.OK
            if unit.errors:
                status = CoverageStatus.FAILED if unit.fatal else CoverageStatus.PARTIAL
            coverage.append(Coverage(SOURCE, unit.scope, status, len(unit.assets), tuple(unit.errors)))
        return Inventory(
            assets=tuple(inherit_from_parents([a for u in units for a in u.assets])),
            coverage=tuple(coverage),
            sources=(SOURCE,),
        )

    def _read(self, client: HubClient, endpoint: str, unit: _Unit) -> None:
        if not client.has_token:
            unit.errors.append(
                CoverageError(
                    "no_credentials",
                    "no Hugging Face token: only public models can be listed; set HF_TOKEN "
                    "(a read-only fine-grained token) or log in with `hf auth login`",
                    unit.scope,
                )
            )
        try:
            models = [model_fields(item) for page in client.models(unit.author) for item in page]
            if not models and not client.exists(unit.author):
                unit.fatal = True
                unit.errors.append(
                    CoverageError(
                        "not_found",
                        f"no organisation or user named {unit.author!r} on this endpoint; check --hf-org",
                        unit.scope,
                    )
                )
                return
        except Exception as exc:
            unit.fatal = True
            unit.errors.append(coverage_error(exc, f"{unit.scope}: list models"))
            return
        self.progress(f"huggingface: {unit.scope}: {plural(len(models), 'model')}")
        tags = self._tags(client, unit, [m["id"] for m in models])
        for model in models:
            repo = normalize.registered_model(endpoint, model, self.resolver)
            unit.assets.append(repo)
            unit.assets.extend(normalize.versions(endpoint, model, tags.get(model["id"], {}), repo))

    def _tags(self, client: HubClient, unit: _Unit, repo_ids: list[str]) -> dict[str, dict[str, str]]:
        """Each repo's git tags, concurrently; a repo whose refs fail is a partial unit."""
        if not self.settings.tags or not repo_ids:
            return {}

        def read(repo_id: str) -> dict[str, str] | BaseException:
            try:
                return tag_refs(client.refs(repo_id))
            except Exception as exc:  # recorded as coverage below
                return exc

        found: dict[str, dict[str, str]] = {}
        with ThreadPoolExecutor(max_workers=max(1, self.settings.workers)) as pool:
            for repo_id, result in zip(repo_ids, pool.map(read, repo_ids), strict=True):
                if isinstance(result, BaseException):
                    unit.errors.append(coverage_error(result, f"{unit.scope}: refs of {repo_id}"))
                else:
                    found[repo_id] = result
        return found
