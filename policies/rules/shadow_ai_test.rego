package mlgov.rules.shadow_ai_test

import data.mlgov.rules.shadow_ai
import data.mlgov.test.fixtures

scanned(assets, registries) := object.union(fixtures.inventory(assets), {"scope": {"sources": ["file"], "registries": registries}})

test_serving_without_any_reference_fails_even_without_a_registry if {
	assets := [{"id": "s", "kind": "serving"}]
	fixtures.pairs(shadow_ai.deny) == {["MLG012", "s"]} with input as fixtures.inventory(assets)
}

test_unresolved_reference_fails_only_where_its_registry_was_scanned if {
	assets := [
		{"id": "ml", "kind": "serving", "registry_ref": {"name": "fraud", "version": "9", "uri": "models:/fraud/9", "registry": "mlflow"}},
		{"id": "kf", "kind": "serving", "registry_ref": {"name": "17", "registry": "kubeflow"}},
		{"id": "any", "kind": "serving", "registry_ref": {"name": "fraud", "version": "9"}},
		{"id": "ok", "kind": "serving", "registry_ref": {"name": "fraud", "version": "7", "target": "mlflow://h/models/fraud/versions/7"}},
	]
	fixtures.pairs(shadow_ai.deny) == {["MLG012", "ml"], ["MLG012", "any"]} with input as scanned(assets, ["mlflow"])
	count(shadow_ai.deny) == 0 with input as fixtures.inventory(assets)
	fixtures.pairs(shadow_ai.deny) == {["MLG012", "any"]} with input as scanned(assets, ["aws"])
}

test_a_router_is_judged_through_its_targets_not_itself if {
	route := {"rel": "routes_to", "target": "k8s://-/ns/InferenceService/a", "via": "spec.nodes.root.steps[].serviceName"}
	runs := {"rel": "runs_on", "target": "k8s://-/ns/Server/mlserver", "via": "spec.server"}
	assets := [
		{"id": "graph", "kind": "serving", "links": [route]},
		{"id": "model", "kind": "serving", "links": [runs]},
	]
	fixtures.pairs(shadow_ai.deny) == {["MLG012", "model"]} with input as fixtures.inventory(assets)
}
