# MLG003: production models and everything that serves a model need a planned end of life.
package mlgov.rules.sunset_missing

import data.mlgov.lib.assets

needs_sunset(a) if assets.is_serving(a)

needs_sunset(a) if assets.is_production_model(a)

deny contains v if {
	some a in input.assets
	needs_sunset(a)
	not a.sunset_raw
	v := {
		"rule": "MLG003",
		"asset": a.id,
		"message": sprintf(
			"%s %s (%s) has no sunset date; set mlgov.io/sunset-date: YYYY-MM-DD",
			[a.kind, assets.display_name(a), a.environment],
		),
		"evidence": {"kind": a.kind, "environment": a.environment},
	}
}
