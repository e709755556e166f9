# MLG006: a heads-up for sunsets inside the warning window (today included).
package mlgov.rules.sunset_soon

import data.mlgov.lib.dates

warning_limit := dates.after_days(input.params.warning_days)

deny contains v if {
	some a in input.assets
	a.sunset_date >= input.today
	a.sunset_date <= warning_limit
	v := {
		"rule": "MLG006",
		"asset": a.id,
		"message": sprintf(
			"%s %s reaches its sunset date %s within %d days",
			[a.kind, object.get(a, "name", a.id), a.sunset_date, input.params.warning_days],
		),
		"evidence": {"sunset_date": a.sunset_date, "warning_days": input.params.warning_days},
	}
}
