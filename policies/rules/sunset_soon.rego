# MLG006: a heads-up for sunsets inside the warning window (today included).
package mlgov.rules.sunset_soon

import data.mlgov.lib.assets
import data.mlgov.lib.dates

deny contains v if {
	some a in input.assets
	a.sunset_date >= input.today
	dates.date_ns(a.sunset_date) <= dates.after_days(input.params.warning_days)
	v := {
		"rule": "MLG006",
		"asset": a.id,
		"message": sprintf(
			"%s %s reaches its sunset date %s within %d days",
			[a.kind, assets.display_name(a), a.sunset_date, input.params.warning_days],
		),
		"evidence": {"sunset_date": a.sunset_date, "warning_days": input.params.warning_days},
	}
}
