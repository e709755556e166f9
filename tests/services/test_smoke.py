"""One real round trip per service: proof that the test infrastructure works on this machine."""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.services.fixtures import MlflowScript, Screenshot, json_request
from tests.services.png import decode
from tests.services.processes import Service

pytestmark = pytest.mark.services

POLICY = b"""package smoke

default allow := false

allow if input.user == "alice"
"""


def test_opa_evaluates_a_pushed_policy(opa_server: Service) -> None:
    assert opa_server.token is None
    status, _ = json_request(f"{opa_server.url}/v1/policies/smoke", "PUT", POLICY)
    assert status == 200
    status, body = json_request(f"{opa_server.url}/v1/data/smoke/allow", "POST", {"input": {"user": "alice"}})
    assert (status, body) == (200, {"result": True})
    status, body = json_request(f"{opa_server.url}/v1/data/smoke/allow", "POST", {"input": {"user": "bob"}})
    assert (status, body) == (200, {"result": False})


def test_opa_with_token_rejects_anonymous_requests(opa_server_with_token: Service) -> None:
    url, token = opa_server_with_token.url, opa_server_with_token.token
    assert token
    assert json_request(f"{url}/v1/policies/smoke", "PUT", POLICY)[0] == 401
    assert json_request(f"{url}/v1/policies/smoke", "PUT", POLICY, token="wrong")[0] == 401
    assert json_request(f"{url}/v1/policies/smoke", "PUT", POLICY, token=token)[0] == 200
    query = {"input": {"user": "alice"}}
    assert json_request(f"{url}/v1/data/smoke/allow", "POST", query)[0] == 401
    assert json_request(f"{url}/v1/data/smoke/allow", "POST", query, token=token) == (200, {"result": True})


def _deployment(name: str) -> Any:  # the typed client takes a plain dict too
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "annotations": {"mlgov.io/owner": "ml@example.com"}},
        "spec": {
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "server", "image": "vllm/vllm-openai:v0.6.3"}]},
            },
        },
    }


def _inference_service(name: str) -> dict[str, Any]:
    return {
        "apiVersion": "serving.kserve.io/v1beta1",
        "kind": "InferenceService",
        "metadata": {"name": name},
        "spec": {
            "predictor": {"model": {"modelFormat": {"name": "sklearn"}, "storageUri": f"models:/{name}/7"}}
        },
    }


def test_kube_apiserver_round_trip_with_paging(kube_apiserver: Service) -> None:
    from kubernetes import client, config

    api_client = config.new_client_from_config(config_file=str(kube_apiserver.kubeconfig))  # type: ignore[no-untyped-call]
    core, apps, custom = (
        client.CoreV1Api(api_client),
        client.AppsV1Api(api_client),
        client.CustomObjectsApi(api_client),
    )
    core.create_namespace(
        client.V1Namespace(metadata=client.V1ObjectMeta(name="smoke", labels={"env": "dev"}))
    )
    for i in range(3):
        apps.create_namespaced_deployment("smoke", _deployment(f"model-{i}"))
        custom.create_namespaced_custom_object(
            "serving.kserve.io", "v1beta1", "smoke", "inferenceservices", _inference_service(f"fraud-{i}")
        )

    names, token, pages = [], None, 0
    while True:
        page: Any = apps.list_namespaced_deployment("smoke", limit=2, _continue=token)
        names += [d.metadata.name for d in page.items]
        pages += 1
        token = page.metadata._continue
        if not token:
            break
    assert (names, pages) == (["model-0", "model-1", "model-2"], 2)
    assert page.items[0].metadata.annotations["mlgov.io/owner"] == "ml@example.com"

    items: list[dict[str, Any]] = []
    token, pages = None, 0
    while True:
        listed: Any = custom.list_namespaced_custom_object(
            "serving.kserve.io", "v1beta1", "smoke", "inferenceservices", limit=2, _continue=token
        )
        items += listed["items"]
        pages += 1
        token = listed["metadata"].get("continue")
        if not token:
            break
    assert ([i["metadata"]["name"] for i in items], pages) == (["fraud-0", "fraud-1", "fraud-2"], 2)
    assert items[2]["spec"]["predictor"]["model"]["storageUri"] == "models:/fraud-2/7"

    # TLS verifies against the cluster's CA; without the bearer token the server says no
    ca = ssl.create_default_context(cafile=str(Path(kube_apiserver.extra["state"]) / "ca.crt"))
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{kube_apiserver.url}/api/v1/namespaces/smoke/pods", context=ca, timeout=10)
    assert refused.value.code == 403  # system:anonymous has no RBAC grant


def test_moto_creates_and_lists_a_sagemaker_model(moto_server: Service) -> None:
    import boto3

    sagemaker = boto3.client(
        "sagemaker",
        region_name="us-east-1",
        endpoint_url=moto_server.url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    sagemaker.create_model(
        ModelName="fraud",
        ExecutionRoleArn="arn:aws:iam::123456789012:role/sm",
        PrimaryContainer={
            "Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1",
            "ModelDataUrl": "s3://m/x",
        },
        Tags=[{"Key": "owner", "Value": "fraud@example.com"}],
    )
    models = sagemaker.list_models()["Models"]
    assert [m["ModelName"] for m in models] == ["fraud"]
    tags = sagemaker.list_tags(ResourceArn=models[0]["ModelArn"])["Tags"]
    assert {"Key": "owner", "Value": "fraud@example.com"} in tags


def test_moto_state_is_reset_between_tests(moto_server: Service) -> None:
    import boto3

    sagemaker = boto3.client(
        "sagemaker",
        region_name="us-east-1",
        endpoint_url=moto_server.url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    assert sagemaker.list_models()["Models"] == []


def test_mlflow_registers_a_version_with_tags_and_alias(
    mlflow_server: Service, mlflow_client: MlflowScript
) -> None:
    got = mlflow_client(
        """
client.create_registered_model(args["name"], tags={"owner": "ml@example.com"})
version = client.create_model_version(args["name"], "s3://models/fraud/1", tags={"sunset-date": "2027-06-30"})
client.set_registered_model_alias(args["name"], "champion", version.version)
by_alias = client.get_model_version_by_alias(args["name"], "champion")
result = {
    "version": by_alias.version,
    "tags": by_alias.tags,
    "aliases": list(by_alias.aliases),
    "model_tags": client.get_registered_model(args["name"]).tags,
    "mlflow": mlflow.__version__,
}
""",
        name="fraud",
    )
    assert got["version"] == "1"
    assert got["tags"] == {"sunset-date": "2027-06-30"}
    assert got["aliases"] == ["champion"]
    assert got["model_tags"] == {"owner": "ml@example.com"}
    assert got["mlflow"].startswith("3.")
    # and the server's REST API (what a collector reads) agrees
    status, body = json_request(
        f"{mlflow_server.url}/api/2.0/mlflow/registered-models/alias?name=fraud&alias=champion"
    )
    assert status == 200
    assert body["model_version"]["aliases"] == ["champion"]


def test_chromium_renders_a_non_blank_page(chromium: Screenshot, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><body style='margin:0'>"
        "<div style='background:#c0392b;width:320px;height:150px'></div>"
        "<h1 style='color:#2c3e50;font:48px sans-serif'>mlgov smoke</h1>"
        "<script>console.log('smoke ok')</script></body></html>"
    )
    rendered = chromium(page, width=640, height=400)
    image = decode(rendered.png)
    assert (image.width, image.height) == (640, 400)
    assert image.variance() > 1000  # a red block and text on white
    assert image.distinct_colours() > 10  # anti-aliased text
    assert rendered.errors == []
    assert rendered.external_requests == []
    assert [m.text for m in rendered.console] == ["smoke ok"]

    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><html><body></body></html>")
    assert decode(chromium(blank, width=640, height=400).png).variance() == 0


def test_chromium_reports_console_errors_and_external_requests(chromium: Screenshot, tmp_path: Path) -> None:
    page = tmp_path / "leaky.html"
    page.write_text(
        "<!doctype html><html><head><link rel='stylesheet' href='https://cdn.example.com/x.css'></head>"
        "<body><img src='http://example.org/pixel.png'>"
        "<script>console.error('bad thing'); fetch('https://api.example.net/v1').catch(() => {});"
        "undefinedFunction();</script></body></html>"
    )
    rendered = chromium(page, width=320, height=200)
    assert rendered.external_requests == [
        "https://cdn.example.com/x.css",
        "http://example.org/pixel.png",
        "https://api.example.net/v1",
    ]
    errors = [m.text for m in rendered.errors]
    assert "bad thing" in errors
    assert any("undefinedFunction is not defined" in e for e in errors)
    # nothing left the machine: every external request failed to resolve
    assert all("ERR_NAME_NOT_RESOLVED" in f for f in rendered.failed_requests)
