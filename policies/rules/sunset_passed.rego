# MLG004: past its sunset date and still active or serving.
package mlgov.rules.sunset_passed

import data.mlgov.lib.assets

deny contains v if {
	some a in input.assets
	a.sunset_date < input.today
	assets.still_active(a)
	v := {
		"rule": "MLG004",
		"asset": a.id,
		"message": sprintf(
			"%s %s passed its sunset date %s and is still active; retire it or extend the date with approval",
			[a.kind, assets.display_name(a), a.sunset_date],
		),
		"evidence": {"sunset_date": a.sunset_date, "today": input.today, "lifecycle": object.get(a, "lifecycle", "active")},
	}
}
