package mlgov.rules.sunset_invalid_test

import data.mlgov.rules.sunset_invalid
import data.mlgov.test.fixtures

test_unparseable_sunset_fails if {
	assets := [{"id": "a", "kind": "serving", "environment": "unknown", "sunset_raw": "end of Q3"}]
	fixtures.pairs(sunset_invalid.deny) == {["MLG005", "a"]} with input as fixtures.inventory(assets)
}

test_beyond_max_ttl_fails if {
	assets := [{"id": "a", "kind": "serving", "environment": "unknown", "sunset_raw": "2027-11-23", "sunset_date": "2027-11-23"}]
	fixtures.pairs(sunset_invalid.deny) == {["MLG005", "a"]} with input as fixtures.inventory(assets)
}

test_exactly_max_ttl_passes if {
	assets := [{"id": "a", "kind": "serving", "environment": "unknown", "sunset_raw": "2027-11-22", "sunset_date": "2027-11-22"}]
	count(sunset_invalid.deny) == 0 with input as fixtures.inventory(assets)
}

test_no_sunset_is_not_this_rule if {
	count(sunset_invalid.deny) == 0 with input as fixtures.inventory([{"id": "a", "kind": "serving", "environment": "unknown"}])
}
