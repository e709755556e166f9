# MLG003: production models and everything that serves a model need a planned end of life.
package mlgov.rules.sunset_missing

import data.mlgov.lib.assets

# Local aliases: regorus resolves an imported rule again on every reference inside the asset loop
# (measured 0.05 s per reference over 100,000 assets); a rule of this package is resolved once.
model_kinds := assets.model_kinds
production := assets.production

deny contains violation(a) if {
	some a in input.assets
	a.kind == "serving"
	not a.sunset_raw
}

deny contains violation(a) if {
	some a in input.assets
	a.kind in model_kinds
	not a.sunset_raw
	a.environment in production
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
