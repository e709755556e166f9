# MLG005: a sunset date that cannot be read, or that is so far away it is no plan at all.
package mlgov.rules.sunset_invalid

import data.mlgov.lib.assets
import data.mlgov.lib.dates

deny contains v if {
	some a in input.assets
	a.sunset_raw
	not a.sunset_date
	v := {
		"rule": "MLG005",
		"asset": a.id,
		"message": sprintf(
			"%s %s has sunset value %s, which is not a date; write YYYY-MM-DD",
			[a.kind, assets.display_name(a), a.sunset_raw],
		),
		"evidence": {"sunset_raw": a.sunset_raw},
	}
}

deny contains v if {
	some a in input.assets
	dates.date_ns(a.sunset_date) > dates.after_days(input.params.max_ttl_days)
	v := {
		"rule": "MLG005",
		"asset": a.id,
		"message": sprintf(
			"%s %s has sunset date %s, more than %d days away; plan a review within the maximum TTL",
			[a.kind, assets.display_name(a), a.sunset_date, input.params.max_ttl_days],
		),
		"evidence": {"sunset_date": a.sunset_date, "max_ttl_days": input.params.max_ttl_days},
	}
}
