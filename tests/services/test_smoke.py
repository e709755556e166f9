"""One real round trip per service: proof that the test infrastructure works on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.services.fixtures import Screenshot, json_request
from tests.services.png import distinct_pixel_bytes
from tests.services.processes import Service

pytestmark = pytest.mark.services

POLICY = b"""package smoke

default allow := false

allow if input.user == "alice"
"""


def test_opa_evaluates_a_pushed_policy(opa_server: Service) -> None:
    status, _ = json_request(f"{opa_server.url}/v1/policies/smoke", "PUT", POLICY)
    assert status == 200
    status, body = json_request(f"{opa_server.url}/v1/data/smoke/allow", "POST", {"input": {"user": "alice"}})
    assert (status, body) == (200, {"result": True})
    status, body = json_request(f"{opa_server.url}/v1/data/smoke/allow", "POST", {"input": {"user": "bob"}})
    assert (status, body) == (200, {"result": False})


def test_opa_with_token_rejects_anonymous_requests(opa_server_with_token: Service) -> None:
    token = opa_server_with_token.extra["token"]
    url = f"{opa_server_with_token.url}/v1/policies/smoke"
    assert json_request(url, "PUT", POLICY)[0] == 401
    assert json_request(url, "PUT", POLICY, token="wrong")[0] == 401
    assert json_request(url, "PUT", POLICY, token=token)[0] == 200
    status, body = json_request(
        f"{opa_server_with_token.url}/v1/data/smoke/allow", "POST", {"input": {"user": "alice"}}, token=token
    )
    assert (status, body) == (200, {"result": True})


def test_kube_apiserver_round_trip_with_paging(kube_apiserver: Service) -> None:
    from kubernetes import client, config

    api_client = config.new_client_from_config(  # type: ignore[no-untyped-call]
        config_file=kube_apiserver.extra["kubeconfig"]
    )
    core, apps, custom = (
        client.CoreV1Api(api_client),
        client.AppsV1Api(api_client),
        client.CustomObjectsApi(api_client),
    )
    core.create_namespace(
        client.V1Namespace(metadata=client.V1ObjectMeta(name="smoke", labels={"env": "dev"}))
    )
    for i in range(3):
        deployment: Any = {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": f"model-{i}", "annotations": {"mlgov.io/owner": "ml@example.com"}},
            "spec": {
                "selector": {"matchLabels": {"app": f"m{i}"}},
                "template": {
                    "metadata": {"labels": {"app": f"m{i}"}},
                    "spec": {"containers": [{"name": "s", "image": "vllm/vllm-openai:v0.6.3"}]},
                },
            },
        }
        apps.create_namespaced_deployment("smoke", deployment)
    custom.create_namespaced_custom_object(
        "serving.kserve.io",
        "v1beta1",
        "smoke",
        "inferenceservices",
        {
            "apiVersion": "serving.kserve.io/v1beta1",
            "kind": "InferenceService",
            "metadata": {"name": "fraud"},
            "spec": {"predictor": {"model": {"storageUri": "models:/fraud/7"}}},
        },
    )
    names, token, pages = [], None, 0
    while True:
        page: Any = apps.list_namespaced_deployment("smoke", limit=2, _continue=token)
        names += [d.metadata.name for d in page.items]
        pages += 1
        token = page.metadata._continue
        if not token:
            break
    assert names == ["model-0", "model-1", "model-2"]
    assert pages == 2
    listed: Any = custom.list_namespaced_custom_object(
        "serving.kserve.io", "v1beta1", "smoke", "inferenceservices"
    )
    assert [i["metadata"]["name"] for i in listed["items"]] == ["fraud"]
    assert listed["items"][0]["spec"]["predictor"]["model"]["storageUri"] == "models:/fraud/7"


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


def test_mlflow_registers_a_version_with_tags_and_alias(mlflow_server: Service) -> None:
    api = f"{mlflow_server.url}/api/2.0/mlflow"
    status, _ = json_request(
        f"{api}/registered-models/create",
        "POST",
        {"name": "fraud", "tags": [{"key": "owner", "value": "ml@x.com"}]},
    )
    assert status == 200
    status, body = json_request(
        f"{api}/model-versions/create",
        "POST",
        {
            "name": "fraud",
            "source": "s3://models/fraud/1",
            "tags": [{"key": "sunset-date", "value": "2027-06-30"}],
        },
    )
    assert status == 200, body
    version = body["model_version"]["version"]  # type: ignore[index]
    status, _ = json_request(
        f"{api}/registered-models/alias", "POST", {"name": "fraud", "alias": "champion", "version": version}
    )
    assert status == 200
    status, body = json_request(f"{api}/registered-models/alias?name=fraud&alias=champion")
    assert status == 200
    got = body["model_version"]  # type: ignore[index]
    assert got["version"] == version
    assert {"key": "sunset-date", "value": "2027-06-30"} in got["tags"]
    assert "champion" in got["aliases"]


def test_chromium_renders_a_non_blank_page(chromium: Screenshot, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><body style='margin:0'>"
        "<div style='background:#c0392b;width:640px;height:300px'></div>"
        "<h1 style='color:#2c3e50;font:48px sans-serif'>mlgov smoke</h1>"
        "<script>console.log('smoke ok')</script></body></html>"
    )
    rendered = chromium(page)
    assert rendered.png.stat().st_size > 1000
    assert distinct_pixel_bytes(rendered.png) > 10

    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><html><body></body></html>")
    assert distinct_pixel_bytes(chromium(blank).png) < distinct_pixel_bytes(rendered.png)
