package mlgov.rules.sunset_missing_test

import data.mlgov.rules.sunset_missing
import data.mlgov.test.fixtures

test_serving_without_sunset_fails_in_any_environment if {
	assets := [{"id": "s", "kind": "serving", "environment": "development"}]
	fixtures.pairs(sunset_missing.deny) == {["MLG003", "s"]} with input as fixtures.inventory(assets)
}

test_production_model_without_sunset_fails if {
	assets := [{"id": "m", "kind": "model_version", "environment": "production"}]
	fixtures.pairs(sunset_missing.deny) == {["MLG003", "m"]} with input as fixtures.inventory(assets)
}

test_staging_model_and_compute_are_out_of_scope if {
	assets := [
		{"id": "m", "kind": "model_version", "environment": "staging"},
		{"id": "c", "kind": "compute", "environment": "production"},
	]
	count(sunset_missing.deny) == 0 with input as fixtures.inventory(assets)
}

test_unparseable_sunset_still_counts_as_present if {
	assets := [{"id": "s", "kind": "serving", "environment": "production", "sunset_raw": "someday"}]
	count(sunset_missing.deny) == 0 with input as fixtures.inventory(assets)
}
