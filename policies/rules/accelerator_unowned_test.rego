package mlgov.rules.accelerator_unowned_test

import data.mlgov.rules.accelerator_unowned
import data.mlgov.test.fixtures

gpu := {"vendor": "nvidia", "model": "a100", "count": 8}

test_accelerators_need_owner_and_cost_center if {
	assets := [
		{"id": "bare", "kind": "compute", "accelerator": gpu},
		{"id": "no-cc", "kind": "notebook", "accelerator": gpu, "owner": "a@example.com"},
		{"id": "ok", "kind": "compute", "accelerator": gpu, "owner": "a@example.com", "cost_center": "cc-1"},
		{"id": "cpu", "kind": "compute"},
		{"id": "endpoint", "kind": "serving", "accelerator": gpu},
	]
	fixtures.pairs(accelerator_unowned.deny) == {["MLG015", "bare"], ["MLG015", "no-cc"]} with input as fixtures.inventory(assets)
}

test_the_message_counts_accelerators_in_words if {
	one := object.union(gpu, {"count": 1})
	assets := [
		{"id": "one", "name": "one", "kind": "compute", "accelerator": one},
		{"id": "eight", "name": "eight", "kind": "compute", "accelerator": gpu},
	]
	messages := {v.message | some v in accelerator_unowned.deny} with input as fixtures.inventory(assets)
	messages == {
		"compute one holds 1 nvidia accelerator without owner or cost_center",
		"compute eight holds 8 nvidia accelerators without owner or cost_center",
	}
}
