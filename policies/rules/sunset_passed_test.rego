package mlgov.rules.sunset_passed_test

import data.mlgov.rules.sunset_passed
import data.mlgov.test.fixtures

asset(kind, date, lifecycle) := object.union(
	{"id": "a", "kind": kind, "environment": "production", "sunset_date": date, "sunset_raw": date},
	{k: v | some k, v in {"lifecycle": lifecycle}; v != ""},
)

test_passed_and_active_fails if {
	fixtures.pairs(sunset_passed.deny) == {["MLG004", "a"]} with input as fixtures.inventory([asset("model_version", "2026-11-21", "")])
}

test_sunset_today_is_not_passed if {
	count(sunset_passed.deny) == 0 with input as fixtures.inventory([asset("model_version", "2026-11-22", "")])
}

test_retired_model_passes if {
	count(sunset_passed.deny) == 0 with input as fixtures.inventory([asset("model_version", "2025-01-01", "retired")])
}

test_retired_but_serving_still_fails if {
	fixtures.pairs(sunset_passed.deny) == {["MLG004", "a"]} with input as fixtures.inventory([asset("serving", "2025-01-01", "retired")])
}
