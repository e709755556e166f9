package mlgov.rules.sunset_soon_test

import data.mlgov.rules.sunset_soon
import data.mlgov.test.fixtures

asset(date) := {"id": "a", "kind": "serving", "environment": "unknown", "sunset_raw": date, "sunset_date": date}

test_within_window_fails if {
	fixtures.pairs(sunset_soon.deny) == {["MLG006", "a"]} with input as fixtures.inventory([asset("2026-12-01")])
}

test_today_and_last_day_of_window_fail if {
	every date in ["2026-11-22", "2026-12-22"] {
		fixtures.pairs(sunset_soon.deny) == {["MLG006", "a"]} with input as fixtures.inventory([asset(date)])
	}
}

test_outside_window_and_passed_pass if {
	every date in ["2026-12-23", "2026-11-21"] {
		count(sunset_soon.deny) == 0 with input as fixtures.inventory([asset(date)])
	}
}
