package mlgov.rules.lineage_missing_test

import data.mlgov.rules.lineage_missing
import data.mlgov.test.fixtures

datasets := {"datasets": [{"uri": "s3://d/tx"}]}

test_production_model_without_lineage_fails if {
	assets := [{"id": "m", "kind": "model_version", "environment": "production"}]
	fixtures.pairs(lineage_missing.deny) == {["MLG007", "m"]} with input as fixtures.inventory(assets)
}

test_serving_without_lineage_or_registry_link_fails if {
	assets := [{"id": "s", "kind": "serving", "environment": "staging"}]
	fixtures.pairs(lineage_missing.deny) == {["MLG007", "s"]} with input as fixtures.inventory(assets)
}

test_lineage_or_registry_link_passes if {
	assets := [
		{"id": "m", "kind": "model_version", "environment": "production", "lineage": datasets},
		{"id": "s", "kind": "serving", "environment": "production", "registry_ref": {"name": "fraud", "version": "7"}},
		{"id": "d", "kind": "model_version", "environment": "development"},
	]
	count(lineage_missing.deny) == 0 with input as fixtures.inventory(assets)
}

test_run_id_alone_is_not_training_data if {
	assets := [{"id": "m", "kind": "model_version", "environment": "production", "lineage": {"run_id": "r1", "datasets": []}}]
	fixtures.pairs(lineage_missing.deny) == {["MLG007", "m"]} with input as fixtures.inventory(assets)
}

test_a_router_has_no_lineage_of_its_own if {
	route := {"rel": "routes_to", "target": "k8s://-/ns/Model/iris", "via": "spec.steps[].name"}
	assets := [
		{"id": "pipeline", "kind": "serving", "environment": "staging", "links": [route]},
		{"id": "iris", "kind": "serving", "environment": "staging"},
	]
	fixtures.pairs(lineage_missing.deny) == {["MLG007", "iris"]} with input as fixtures.inventory(assets)
}
