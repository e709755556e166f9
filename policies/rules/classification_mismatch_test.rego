package mlgov.rules.classification_mismatch_test

import data.mlgov.rules.classification_mismatch
import data.mlgov.test.fixtures

trained_on(model_level, data_level) := {
	"id": "m",
	"kind": "model_version",
	"environment": "production",
	"classification": model_level,
	"lineage": {"datasets": [{"uri": "s3://d", "classification": data_level}]},
}

test_model_below_its_training_data_fails if {
	fixtures.pairs(classification_mismatch.deny) == {["MLG011", "m"]} with input as fixtures.inventory([trained_on("internal", "restricted")])
}

test_model_at_or_above_its_training_data_passes if {
	every level in ["restricted", "confidential"] {
		count(classification_mismatch.deny) == 0 with input as fixtures.inventory([trained_on("restricted", level)])
	}
}

test_restricted_model_in_development_fails if {
	assets := [{"id": "s", "kind": "serving", "environment": "development", "classification": "restricted"}]
	fixtures.pairs(classification_mismatch.deny) == {["MLG011", "s"]} with input as fixtures.inventory(assets)
}

test_internal_model_in_development_and_restricted_in_production_pass if {
	assets := [
		{"id": "a", "kind": "serving", "environment": "development", "classification": "internal"},
		{"id": "b", "kind": "serving", "environment": "production", "classification": "restricted"},
	]
	count(classification_mismatch.deny) == 0 with input as fixtures.inventory(assets)
}

test_unknown_levels_do_not_fire if {
	count(classification_mismatch.deny) == 0 with input as fixtures.inventory([trained_on("weird", "restricted")])
}
