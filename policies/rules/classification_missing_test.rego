package mlgov.rules.classification_missing_test

import data.mlgov.rules.classification_missing
import data.mlgov.test.fixtures

test_model_and_serving_without_classification_fail if {
	assets := [
		{"id": "m", "kind": "registered_model", "environment": "unknown"},
		{"id": "s", "kind": "serving", "environment": "unknown"},
		{"id": "c", "kind": "compute", "environment": "unknown"},
	]
	fixtures.pairs(classification_missing.deny) == {["MLG009", "m"], ["MLG009", "s"]} with input as fixtures.inventory(assets)
}

test_classified_passes if {
	assets := [{"id": "s", "kind": "serving", "environment": "unknown", "classification": "internal"}]
	count(classification_missing.deny) == 0 with input as fixtures.inventory(assets)
}
