# MLG007: production models and serving workloads must say what data trained them.
# A serving workload that names its registered model version (registry_ref) delegates lineage
# to that version, which the registry collectors and the correlation step check; a router
# (routes_to links) delegates it to the serving assets it routes to.
package mlgov.rules.lineage_missing

import data.mlgov.lib.assets

# Local aliases: regorus resolves an imported rule again on every reference inside the asset loop
# (measured 0.05 s per reference over 100,000 assets); a rule of this package is resolved once.
model_kinds := assets.model_kinds
production := assets.production

deny contains violation(a) if {
	some a in input.assets
	a.kind == "serving"
	not a.lineage.datasets[0]
	not a.registry_ref
	not assets.router(a) # a router's lineage is its targets'
}

deny contains violation(a) if {
	some a in input.assets
	a.kind in model_kinds
	not a.lineage.datasets[0]
	a.environment in production
}

violation(a) := {
	"rule": "MLG007",
	"asset": a.id,
	"message": sprintf(
		"%s %s has no training-data lineage; set mlgov.io/training-data or link a registered model version",
		[a.kind, object.get(a, "name", a.id)],
	),
	"evidence": {"kind": a.kind, "environment": a.environment},
}
