package mlgov.rules.retired_still_serving_test

import data.mlgov.rules.retired_still_serving
import data.mlgov.test.fixtures

test_serving_a_deprecated_version_fails if {
	assets := [
		{"id": "v1", "kind": "model_version", "lifecycle": "deprecated"},
		{"id": "v2", "kind": "model_version", "lifecycle": "active"},
		{"id": "old", "kind": "serving", "registry_ref": {"name": "m", "target": "v1"}},
		{"id": "new", "kind": "serving", "registry_ref": {"name": "m", "target": "v2"}},
		{"id": "unlinked", "kind": "serving", "registry_ref": {"name": "m"}},
	]
	fixtures.pairs(retired_still_serving.deny) == {["MLG014", "old"]} with input as fixtures.inventory(assets)
}
