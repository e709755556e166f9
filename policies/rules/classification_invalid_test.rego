package mlgov.rules.classification_invalid_test

import data.mlgov.rules.classification_invalid
import data.mlgov.test.fixtures

test_unknown_level_fails if {
	assets := [{"id": "s", "kind": "serving", "environment": "unknown", "classification": "top-secret"}]
	fixtures.pairs(classification_invalid.deny) == {["MLG010", "s"]} with input as fixtures.inventory(assets)
}

test_allowed_levels_pass if {
	every level in ["public", "internal", "confidential", "restricted"] {
		asset := {"id": "s", "kind": "serving", "environment": "unknown", "classification": level}
		count(classification_invalid.deny) == 0 with input as fixtures.inventory([asset])
	}
}
