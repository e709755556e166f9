# MLG008: a model version must be traceable to the run or job that produced it, or its artifact.
package mlgov.rules.source_missing

import data.mlgov.lib.assets

traceable_kinds := {"model_version", "custom_model"}

has_source(a) if a.lineage.run_id

has_source(a) if a.lineage.job

has_source(a) if a.artifact_uri

deny contains v if {
	some a in input.assets
	a.kind in traceable_kinds
	not has_source(a)
	v := {
		"rule": "MLG008",
		"asset": a.id,
		"message": sprintf("%s %s names no source run, training job or artifact", [a.kind, assets.display_name(a)]),
		"evidence": {"kind": a.kind},
	}
}
