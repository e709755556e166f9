# MLG003: production models and everything that serves a model need a planned end of life.
package mlgov.rules.sunset_missing

import data.mlgov.lib.assets

deny contains violation(a) if {
	some a in input.assets
	a.kind == "serving"
	not a.sunset_raw
}

deny contains violation(a) if {
	some a in input.assets
	a.kind in assets.model_kinds
	not a.sunset_raw
	a.environment in assets.production
}

violation(a) := {
	"rule": "MLG003",
	"asset": a.id,
	"message": sprintf(
		"%s %s (%s) has no sunset date; set mlgov.io/sunset-date: YYYY-MM-DD",
		[a.kind, object.get(a, "name", a.id), a.environment],
	),
	"evidence": {"kind": a.kind, "environment": a.environment},
}
