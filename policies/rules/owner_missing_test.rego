package mlgov.rules.owner_missing_test

import data.mlgov.rules.owner_missing
import data.mlgov.test.fixtures

test_missing_owner_fails if {
	assets := [{"id": "a", "kind": "compute", "environment": "unknown"}]
	fixtures.pairs(owner_missing.deny) == {["MLG001", "a"]} with input as fixtures.inventory(assets)
}

test_owner_present_passes if {
	assets := [{"id": "a", "kind": "serving", "environment": "production", "owner": "x@example.com"}]
	count(owner_missing.deny) == 0 with input as fixtures.inventory(assets)
}

test_only_the_unowned_asset_fails if {
	assets := [
		{"id": "a", "kind": "serving", "environment": "production", "owner": "x@example.com"},
		{"id": "b", "kind": "notebook", "environment": "unknown"},
	]
	fixtures.pairs(owner_missing.deny) == {["MLG001", "b"]} with input as fixtures.inventory(assets)
}
