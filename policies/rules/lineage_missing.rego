# MLG007: production models and serving workloads must say what data trained them.
# A serving workload that names its registered model version (registry_ref) delegates lineage
# to that version, which the registry collectors and the correlation step check.
package mlgov.rules.lineage_missing

import data.mlgov.lib.assets

needs_lineage(a) if assets.is_production_model(a)

needs_lineage(a) if {
	assets.is_serving(a)
	not a.registry_ref
}

deny contains v if {
	some a in input.assets
	needs_lineage(a)
	not assets.has_datasets(a)
	v := {
		"rule": "MLG007",
		"asset": a.id,
		"message": sprintf(
			"%s %s has no training-data lineage; set mlgov.io/training-data or link a registered model version",
			[a.kind, assets.display_name(a)],
		),
		"evidence": {"kind": a.kind, "environment": a.environment},
	}
}
