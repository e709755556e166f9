package mlgov.rules.idle_compute_test

import data.mlgov.rules.idle_compute
import data.mlgov.test.fixtures

test_notebook_idle_past_the_limit_fails if {
	assets := [
		{"id": "idle", "kind": "notebook", "lifecycle": "inservice", "updated_at": "2026-10-10T08:00:00Z"},
		{"id": "fresh", "kind": "notebook", "lifecycle": "inservice", "updated_at": "2026-11-01T08:00:00Z"},
		{"id": "stopped", "kind": "notebook", "lifecycle": "stopped", "updated_at": "2026-01-01T08:00:00Z"},
		{"id": "no-time", "kind": "notebook", "lifecycle": "inservice"},
	]
	fixtures.pairs(idle_compute.deny) == {["MLG016", "idle"]} with input as fixtures.inventory(assets)
}

test_training_running_past_the_limit_fails if {
	assets := [
		{"id": "long", "kind": "training_job", "lifecycle": "inprogress", "launched_at": "2026-11-01T00:00:00Z"},
		{"id": "short", "kind": "training_job", "lifecycle": "inprogress", "launched_at": "2026-11-20T00:00:00Z"},
		{"id": "done", "kind": "training_job", "lifecycle": "completed", "launched_at": "2026-01-01T00:00:00Z"},
	]
	fixtures.pairs(idle_compute.deny) == {["MLG016", "long"]} with input as fixtures.inventory(assets)
}
