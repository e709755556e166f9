"""The Hub collector, through huggingface_hub's own session, headers, errors and parsers, against the
local Hub (tests/collectors/huggingface/server.py) over real HTTP."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from scanner.collectors.huggingface.client import EXPAND
from scanner.collectors.huggingface.collector import HuggingFaceCollector
from scanner.collectors.huggingface.settings import HuggingFaceSettings
from scanner.model import AssetKind, CoverageStatus, Inventory, SourceType, UsageError
from tests.collectors.huggingface.seed import FRAUD_V1, seed
from tests.collectors.huggingface.server import ALWAYS, HubServer
from tests.services.fixtures import json_request


def collect(*orgs: str, **settings: object) -> Inventory:
    defaults: dict[str, object] = {"orgs": orgs, "max_attempts": 3, "timeout": 5.0}
    return HuggingFaceCollector(HuggingFaceSettings(**{**defaults, **settings})).collect()  # type: ignore[arg-type]


def by_scope(inventory: Inventory) -> dict[str, tuple[CoverageStatus, list[str]]]:
    return {c.scope: (c.status, [e.code for e in c.errors]) for c in inventory.coverage}


@pytest.mark.slow
def test_collects_every_model_of_an_organisation_and_a_user(hub: HubServer) -> None:
    estate = seed(hub)
    inventory = collect("acme", "jdoe")
    host = hub.url.removeprefix("http://")
    assert by_scope(inventory) == {
        f"{host}/acme": (CoverageStatus.OK, []),
        f"{host}/jdoe": (CoverageStatus.OK, []),
    }
    assert inventory.sources == ("huggingface",)
    assets = {a.id: a for a in inventory.assets}
    assert all(a.source is SourceType.HUGGINGFACE for a in assets.values())
    repos = sorted(a.name or "" for a in assets.values() if a.kind is AssetKind.REGISTERED_MODEL)
    assert repos == [
        "acme/fraud-llm",
        "acme/legacy-classifier",
        "acme/no-card",
        "acme/support-bot",
        "jdoe/experiment-1",
    ]

    fraud = assets[f"{hub.url}/acme/fraud-llm"]  # private: listed because the token may read it
    assert (fraud.owner, fraud.sunset_date, fraud.classification, fraud.environment) == (
        "fraud-team@example.com",
        "2027-06-30",
        "confidential",
        "production",
    )
    assert fraud.resolved_from["owner"] == "card:mlgov:owner"
    assert (fraud.approval_status, fraud.risk_tier) == ("approved", "high")
    assert [(d.name, d.uri) for d in fraud.lineage.datasets] == [
        ("acme/transactions-2026", "hf://datasets/acme/transactions-2026")
    ]
    assert fraud.lineage.base_model == "hf://meta-llama/Llama-3.1-8B"
    assert fraud.model_card is not None and fraud.model_card.status == "approved"
    assert fraud.model_card.uri == f"{hub.url}/acme/fraud-llm/blob/{estate.fraud}/README.md"
    assert fraud.tags["hf.private"] == "true" and fraud.tags["license"] == "apache-2.0"
    assert fraud.created_at == "2026-01-10T09:00:00Z" and fraud.updated_at == "2026-10-01T12:30:00Z"

    # versions: the head (also tagged v1.1) and the older v1.0, one per commit
    versions = sorted((a for a in assets.values() if a.parent == fraud.id), key=lambda a: a.aliases)
    assert [(v.version, v.aliases) for v in versions] == [
        (estate.fraud, ("main", "v1.1")),
        (FRAUD_V1, ("v1.0",)),
    ]
    head = versions[0]
    assert head.id == f"{hub.url}/acme/fraud-llm/commit/{estate.fraud}"
    assert head.artifact_uri == f"hf://acme/fraud-llm@{estate.fraud}"
    assert (head.owner, head.environment, head.approval_status) == (
        "fraud-team@example.com",
        "production",
        "approved",
    )
    assert head.resolved_from["owner"] == f"inherited:{fraud.id}"
    assert head.resolved_from["approval_status"] == f"inherited:{fraud.id}"
    assert head.model_card == fraud.model_card and head.lineage == fraud.lineage

    support = assets[f"{hub.url}/acme/support-bot"]  # top-level keys: no mlgov mapping
    assert support.owner is None and support.environment == "production" and support.risk_tier == "high"
    assert support.model_card is not None and support.model_card.status == "draft"
    legacy = assets[f"{hub.url}/acme/legacy-classifier"]
    assert (legacy.owner, legacy.lifecycle, legacy.sunset_date) == (
        "ml-platform@example.com",
        "deprecated",
        "2026-01-31",
    )
    assert legacy.resolved_from["owner"] == "card:owner" and legacy.tags["hf.gated"] == "manual"
    assert [d.name for d in legacy.lineage.datasets] == ["acme/tickets"]
    bare = assets[f"{hub.url}/acme/no-card"]
    assert bare.model_card is None and bare.owner is None
    assert hub.calls["refs"] == 5 and hub.calls["list"] == 2


def test_pages_through_a_large_organisation(hub: HubServer) -> None:
    for i in range(120):
        hub.add_model(f"big/model-{i:03d}", card={"owner": f"team-{i % 3}@example.com"})
    inventory = collect("big", tags=False)
    repos = [a for a in inventory.assets if a.kind is AssetKind.REGISTERED_MODEL]
    assert len(repos) == 120 and len({a.id for a in repos}) == 120
    assert hub.calls["list"] == 3  # 50 per page: three pages followed by their Link headers
    assert hub.calls["refs"] == 0  # tags: false reads no refs; the head revision is still a version
    assert sum(a.kind is AssetKind.MODEL_VERSION for a in inventory.assets) == 120


def test_the_official_client_reads_the_test_hub_as_mlgov_does(hub: HubServer) -> None:
    """huggingface_hub's own HfApi parses the server's listing and refs: the server is shaped as
    the client expects the Hub to be (paging, fields, refs), and mlgov reads what it reads."""
    from huggingface_hub import HfApi

    estate = seed(hub)
    for i in range(60):
        hub.add_model(f"acme/filler-{i:02d}", card={"license": "mit"})
    api = HfApi(endpoint=hub.url, token=hub.token)
    listed = {m.id: m for m in api.list_models(author="acme", expand=list(EXPAND))}  # type: ignore[arg-type]
    inventory = collect("acme")
    repos = {a.name: a for a in inventory.assets if a.kind is AssetKind.REGISTERED_MODEL}
    assert set(listed) == set(repos) and len(listed) == 64
    assert listed["acme/fraud-llm"].sha == estate.fraud and listed["acme/fraud-llm"].private is True
    card = listed["acme/fraud-llm"].card_data
    assert card is not None and card.get("mlgov")["owner"] == repos["acme/fraud-llm"].owner
    refs = api.list_repo_refs("acme/fraud-llm")
    assert {t.name: t.target_commit for t in refs.tags} == {"v1.0": FRAUD_V1, "v1.1": estate.fraud}
    # a property the client does not know is refused, as the Hub refuses it
    status, _ = json_request(f"{hub.url}/api/models?author=acme&expand=securityStatus")
    assert status == 400


def test_without_a_token_only_public_models_are_listed_and_coverage_says_so(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(hub)
    monkeypatch.delenv("HF_TOKEN")
    inventory = collect("acme")
    [unit] = inventory.coverage
    assert unit.status is CoverageStatus.PARTIAL and [e.code for e in unit.errors] == ["no_credentials"]
    names = {a.name for a in inventory.assets if a.kind is AssetKind.REGISTERED_MODEL}
    assert "acme/fraud-llm" not in names and "acme/support-bot" in names
    assert all(header == "" for header in hub.authorizations)


def test_a_bad_token_fails_every_unit_and_is_never_written(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(hub)
    wrong = "hf_" + "x" * 34
    monkeypatch.setenv("HF_TOKEN", wrong)
    inventory = collect("acme", "jdoe")
    assert {s for s, _ in by_scope(inventory).values()} == {CoverageStatus.FAILED}
    assert {c for _, codes in by_scope(inventory).values() for c in codes} == {"unauthorized"}
    assert wrong not in repr(inventory)
    assert f"Bearer {wrong}" in hub.authorizations  # it was sent, as a header, and only there


def test_a_missing_or_forbidden_organisation_fails_alone(hub: HubServer) -> None:
    seed(hub)
    hub.add_model("locked/secret-model", card={"owner": "x@example.com"})
    hub.faults.forbidden.add("locked")
    inventory = collect("acme", "nobody-here", "locked")
    host = hub.url.removeprefix("http://")
    scopes = by_scope(inventory)
    assert scopes[f"{host}/acme"] == (CoverageStatus.OK, [])
    assert scopes[f"{host}/nobody-here"] == (CoverageStatus.FAILED, ["not_found"])
    assert scopes[f"{host}/locked"] == (CoverageStatus.FAILED, ["forbidden"])
    assert any(a.name == "acme/fraud-llm" for a in inventory.assets)
    assert hub.calls["overview"] == 2  # organisation, then user: neither exists


def test_an_empty_organisation_that_exists_is_complete(hub: HubServer) -> None:
    hub.add_author("quiet-org")
    hub.add_author("quiet-user", "users")
    inventory = collect("quiet-org", "quiet-user")
    assert {s for s, _ in by_scope(inventory).values()} == {CoverageStatus.OK}
    assert inventory.assets == ()


def test_a_gated_repo_whose_refs_are_refused_keeps_its_head_and_makes_the_unit_partial(
    hub: HubServer,
) -> None:
    estate = seed(hub)
    hub.faults.gated.add("acme/legacy-classifier")
    inventory = collect("acme")
    [unit] = inventory.coverage
    assert unit.status is CoverageStatus.PARTIAL
    [error] = unit.errors
    assert error.code == "forbidden" and "gated" in error.message
    assert error.where is not None and error.where.endswith("refs of acme/legacy-classifier")
    ids = {a.id for a in inventory.assets}
    assert f"{hub.url}/acme/legacy-classifier/commit/{estate.legacy}" in ids


@pytest.mark.slow
def test_429_with_retry_after_is_honoured_within_the_budget(hub: HubServer) -> None:
    seed(hub)
    hub.faults.throttled["acme"] = 2
    hub.faults.retry_after = "1"
    began = time.monotonic()
    inventory = collect("acme", tags=False)
    elapsed = time.monotonic() - began
    assert by_scope(inventory)[f"{hub.url.removeprefix('http://')}/acme"] == (CoverageStatus.OK, [])
    assert hub.calls["list"] == 3 and elapsed >= 2.0  # two waits of Retry-After: 1


def test_throttling_beyond_the_budget_or_the_longest_wait_is_recorded(hub: HubServer) -> None:
    seed(hub)
    hub.faults.throttled["acme"] = ALWAYS
    inventory = collect("acme", tags=False, max_attempts=2)
    [unit] = inventory.coverage
    assert unit.status is CoverageStatus.FAILED and unit.errors[0].code == "throttled"
    assert hub.calls["list"] == 2
    hub.calls.clear()
    hub.faults.retry_after = "3600"  # an hour: given up at once, not slept on
    began = time.monotonic()
    inventory = collect("acme", tags=False, max_attempts=5, max_retry_after=30)
    assert time.monotonic() - began < 5 and hub.calls["list"] == 1
    assert inventory.coverage[0].errors[0].code == "throttled"
    assert "Retry-After 3600s" in inventory.coverage[0].errors[0].message


@pytest.mark.slow
def test_server_errors_are_retried_then_recorded(hub: HubServer) -> None:
    seed(hub)
    hub.faults.unavailable["acme/support-bot"] = 1  # once: retried, read
    hub.faults.unavailable["acme/no-card"] = ALWAYS  # always: its refs are a partial unit
    inventory = collect("acme")
    [unit] = inventory.coverage
    assert unit.status is CoverageStatus.PARTIAL
    assert [(e.code, e.where) for e in unit.errors] == [
        ("server_error", f"{unit.scope}: refs of acme/no-card"),
    ]
    support = [
        a for a in inventory.assets if a.name == "acme/support-bot" and a.kind is AssetKind.MODEL_VERSION
    ]
    assert len(support) == 1


@pytest.mark.slow
def test_a_silent_hub_times_out_within_the_bound(hub: HubServer) -> None:
    seed(hub)
    hub.faults.delay["acme"] = 3.0
    began = time.monotonic()
    inventory = collect("acme", tags=False, timeout=0.5, max_attempts=2)
    assert time.monotonic() - began < 6  # 2 attempts x 0.5 s + one backoff, not the 3 s answers
    assert inventory.coverage[0].errors[0].code == "timeout"


def test_an_unreachable_endpoint_is_recorded(hub: HubServer) -> None:
    from tests.services.processes import free_port

    inventory = collect("acme", endpoint=f"http://127.0.0.1:{free_port()}", max_attempts=1)
    assert [e.code for c in inventory.coverage for e in c.errors] == ["unreachable"]


def test_the_endpoint_setting_wins_over_hf_endpoint(hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(hub)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    inventory = collect("jdoe", endpoint=hub.url)
    assert inventory.coverage[0].status is CoverageStatus.OK and len(inventory.assets) == 2


def test_offline_mode_is_a_coverage_error_not_a_silent_pass(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import huggingface_hub.constants

    seed(hub)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    inventory = collect("acme")
    assert inventory.coverage[0].status is CoverageStatus.FAILED
    assert inventory.coverage[0].errors[-1].code == "unreachable"
    assert hub.calls["list"] == 0


def test_no_organisation_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="needs an organisation") as caught:
        HuggingFaceCollector(HuggingFaceSettings()).collect()
    assert caught.value.where == "--hf-org"


def test_without_the_extra_the_error_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "huggingface_hub", None)  # import fails as if not installed
    with pytest.raises(UsageError) as caught:
        HuggingFaceCollector(HuggingFaceSettings(orgs=("acme",))).collect()
    assert caught.value.hint is not None and "pip install 'mlgov[huggingface]'" in caught.value.hint


def test_inventory_holds_no_secret_from_a_card(hub: HubServer) -> None:
    hub.add_model(
        "acme/leaky",
        card={"owner": "a@example.com", "api_token": "not-for-reports", "note": "hf_" + "A" * 34},
    )
    inventory = collect("acme")
    blob = json.dumps([a.to_policy_dict() for a in inventory.assets])
    assert "not-for-reports" not in blob and "hf_AAAA" not in blob
    assert '"owner": "a@example.com"' in blob


def test_the_token_file_is_read_as_huggingface_hub_reads_it_and_left_as_it_was(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import huggingface_hub.constants

    seed(hub)
    token_file = tmp_path / "token"
    token_file.write_text(hub.token)
    before = (token_file.read_bytes(), token_file.stat().st_mtime_ns)
    monkeypatch.delenv("HF_TOKEN")
    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(token_file))
    inventory = collect("acme")
    assert inventory.coverage[0].status is CoverageStatus.OK  # a token: no no_credentials
    assert any(a.name == "acme/fraud-llm" for a in inventory.assets)  # the private model
    assert (token_file.read_bytes(), token_file.stat().st_mtime_ns) == before
    assert set(hub.authorizations) == {f"Bearer {hub.token}"}


@pytest.mark.parametrize(
    ("link", "code", "message"),
    [
        # another host: the token would go with the request
        ("http://localhost:9/api/models?author=acme&cursor=50", "bad_response", "leaves the endpoint"),
        # the first page again: a loop (the code the Google APIs' collector gives one too)
        ("{url}/api/models?author=acme", "paging_loop", "repeats a page"),
    ],
)
def test_a_hostile_next_link_is_refused_not_followed(
    hub: HubServer, link: str, code: str, message: str
) -> None:
    seed(hub)
    hub.faults.next_link = link.format(url=hub.url)
    inventory = collect("acme", tags=False)
    [error] = inventory.coverage[0].errors
    assert (error.code, inventory.coverage[0].status) == (code, CoverageStatus.FAILED)
    assert message in error.message
    assert hub.calls["list"] <= 2
