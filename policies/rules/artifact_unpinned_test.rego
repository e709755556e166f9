package mlgov.rules.artifact_unpinned_test

import data.mlgov.rules.artifact_unpinned
import data.mlgov.test.fixtures

test_unpinned_uris_and_images_fail if {
	assets := [
		{"id": "stage", "kind": "serving", "artifact_uri": "models:/fraud/Production"},
		{"id": "alias", "kind": "serving", "artifact_uri": "models:/fraud@champion"},
		{"id": "bare", "kind": "serving", "artifact_uri": "models:/fraud"},
		{"id": "hf", "kind": "serving", "artifact_uri": "hf://meta-llama/Llama-3-8B"},
		{"id": "latest", "kind": "serving", "image": "vllm/vllm-openai:latest"},
		{"id": "untagged", "kind": "serving", "image": "registry:5000/team/server"},
		{"id": "pinned", "kind": "serving", "artifact_uri": "models:/fraud/7", "image": "vllm/vllm-openai:v0.6.3"},
		{"id": "digest", "kind": "serving", "image": "registry:5000/team/server@sha256:0123"},
		{"id": "hf-rev", "kind": "serving", "artifact_uri": "hf://meta-llama/Llama-3-8B@5f0b02c"},
		{"id": "s3", "kind": "model_version", "artifact_uri": "s3://models/fraud/7/model.tar.gz"},
	]
	expected := {["MLG018", id] | some id in ["stage", "alias", "bare", "hf", "latest", "untagged"]}
	fixtures.pairs(artifact_unpinned.deny) == expected with input as fixtures.inventory(assets)
}

test_models_uri_edges if {
	assets := [
		{"id": "bare-slash", "kind": "serving", "artifact_uri": "models:/fraud/"},
		{"id": "stage-slash", "kind": "model_version", "artifact_uri": "models:/fraud/Staging/"},
		{"id": "alias-deep", "kind": "serving", "artifact_uri": "models:/fraud@champion/extra"},
		{"id": "hf-long", "kind": "serving", "artifact_uri": "huggingface://org/model"},
		{"id": "hf-colon", "kind": "serving", "artifact_uri": "hf://org/model:5f0b02c"},
		{"id": "hf-tag", "kind": "model_version", "artifact_uri": "hf://org/model@v1.0"},
		{"id": "hf-main", "kind": "serving", "artifact_uri": "hf://org/model:main"},
		{"id": "hf-at-main", "kind": "serving", "artifact_uri": "hf://org/model@main"},
		{"id": "version-slash", "kind": "serving", "artifact_uri": "models:/fraud/12/"},
		{"id": "empty", "kind": "serving", "artifact_uri": "models:/"},
		{"id": "empty-name-alias", "kind": "serving", "artifact_uri": "models:/@champion"},
		{"id": "double-slash", "kind": "serving", "artifact_uri": "models:/fraud//"},
		{"id": "deep-path", "kind": "serving", "artifact_uri": "models:/fraud/Production/x"},
		{"id": "at-after-slash", "kind": "serving", "artifact_uri": "models:/fraud/7@x"},
		{"id": "runs", "kind": "serving", "artifact_uri": "runs:/abc/model"},
	]
	expected := {["MLG018", id] | some id in ["bare-slash", "stage-slash", "alias-deep", "hf-long", "hf-main", "hf-at-main"]}
	fixtures.pairs(artifact_unpinned.deny) == expected with input as fixtures.inventory(assets)
}
