package mlgov.rules.unapproved_in_production_test

import data.mlgov.rules.unapproved_in_production
import data.mlgov.test.fixtures

pending := {"id": "pkg/2", "kind": "model_version", "source": "aws", "approval_status": "PendingManualApproval", "environment": "unknown"}

approved := {"id": "pkg/1", "kind": "model_version", "source": "aws", "approval_status": "Approved", "environment": "unknown"}

test_production_endpoint_serving_a_pending_package_fails if {
	assets := [
		pending, approved,
		{"id": "ep", "kind": "serving", "environment": "production", "registry_ref": {"name": "m", "target": "pkg/2"}},
		{"id": "ep-ok", "kind": "serving", "environment": "production", "registry_ref": {"name": "m", "target": "pkg/1"}},
		{"id": "ep-dev", "kind": "serving", "environment": "development", "registry_ref": {"name": "m", "target": "pkg/2"}},
	]
	fixtures.pairs(unapproved_in_production.deny) == {["MLG013", "ep"]} with input as fixtures.inventory(assets)
}

test_production_mlflow_version_needs_an_approval if {
	assets := [
		{"id": "v1", "kind": "model_version", "source": "mlflow", "environment": "production"},
		{"id": "v2", "kind": "model_version", "source": "mlflow", "environment": "production", "approval_status": "approved"},
		{"id": "v3", "kind": "model_version", "source": "mlflow", "environment": "staging"},
		{"id": "v4", "kind": "model_version", "source": "file", "environment": "production"},
	]
	fixtures.pairs(unapproved_in_production.deny) == {["MLG013", "v1"]} with input as fixtures.inventory(assets)
}

test_production_vertex_version_needs_an_approval_label if {
	v1 := "projects/p/locations/l/models/m@1"
	v2 := "projects/p/locations/l/models/m@2"
	assets := [
		{"id": v1, "kind": "model_version", "source": "gcp", "environment": "production"},
		{
			"id": v2, "kind": "model_version", "source": "gcp",
			"environment": "production", "approval_status": "approved",
		},
		{"id": "m@3", "kind": "model_version", "source": "gcp", "environment": "development"},
		{"id": "ep/d1", "kind": "serving", "environment": "production", "registry_ref": {"name": "m", "target": v1}},
		{"id": "ep/d2", "kind": "serving", "environment": "production", "registry_ref": {"name": "m", "target": v2}},
	]
	fixtures.pairs(unapproved_in_production.deny) == {["MLG013", v1], ["MLG013", "ep/d1"]} with input as fixtures.inventory(assets)
}

test_production_azure_version_needs_an_approval_tag_or_property if {
	assets := [
		{"id": "a1", "kind": "model_version", "source": "azure", "environment": "production"},
		{"id": "a2", "kind": "model_version", "source": "azure", "environment": "production", "approval_status": "Approved"},
		{"id": "a3", "kind": "model_version", "source": "azure", "environment": "development"},
		{"id": "ep", "kind": "serving", "source": "azure", "environment": "production", "registry_ref": {"name": "m", "target": "a1"}},
	]
	fixtures.pairs(unapproved_in_production.deny) == {["MLG013", "a1"], ["MLG013", "ep"]} with input as fixtures.inventory(assets)
}

test_production_hub_version_needs_the_card_approval if {
	assets := [
		{"id": "hf/v1", "kind": "model_version", "source": "huggingface", "environment": "production"},
		{"id": "hf/v2", "kind": "model_version", "source": "huggingface", "environment": "production", "approval_status": "approved"},
		{"id": "hf/repo", "kind": "registered_model", "source": "huggingface", "environment": "production"},
		{"id": "ep", "kind": "serving", "environment": "production", "registry_ref": {"name": "org/m", "target": "hf/repo"}},
		{"id": "ep-ok", "kind": "serving", "environment": "production", "registry_ref": {"name": "org/m", "target": "hf/v2"}},
	]
	expected := {["MLG013", "hf/v1"], ["MLG013", "ep"]}
	fixtures.pairs(unapproved_in_production.deny) == expected with input as fixtures.inventory(assets)
}
