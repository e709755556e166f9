# MLG007: production models and serving workloads must say what data trained them.
# A serving workload that names its registered model version (registry_ref) delegates lineage
# to that version, which the registry collectors and the correlation step check.
package mlgov.rules.lineage_missing

import data.mlgov.lib.assets

deny contains violation(a) if {
	some a in input.assets
	a.kind == "serving"
	not a.lineage.datasets[0]
	not a.registry_ref
}

deny contains violation(a) if {
	some a in input.assets
	a.kind in assets.model_kinds
	not a.lineage.datasets[0]
	a.environment in assets.production
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
