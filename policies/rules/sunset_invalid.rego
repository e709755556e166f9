# MLG005: a sunset date that cannot be read, or that is so far away it is no plan at all.
package mlgov.rules.sunset_invalid

import data.mlgov.lib.dates

ttl_limit := dates.after_days(input.params.max_ttl_days)

deny contains v if {
	some a in input.assets
	raw := a.sunset_raw
	not a.sunset_date
	v := {
		"rule": "MLG005",
		"asset": a.id,
		"message": sprintf(
			"%s %s has sunset value %s, which is not a date; write YYYY-MM-DD",
			[a.kind, object.get(a, "name", a.id), raw],
		),
		"evidence": {"sunset_raw": raw},
	}
}

deny contains v if {
	some a in input.assets
	a.sunset_date > ttl_limit
	v := {
		"rule": "MLG005",
		"asset": a.id,
		"message": sprintf(
			"%s %s has sunset date %s, more than %d days away; plan a review within the maximum TTL",
			[a.kind, object.get(a, "name", a.id), a.sunset_date, input.params.max_ttl_days],
		),
		"evidence": {"sunset_date": a.sunset_date, "max_ttl_days": input.params.max_ttl_days},
	}
}
