# MLG008: a model version must be traceable to the run or job that produced it, or its artifact.
package mlgov.rules.source_missing

traceable_kinds := {"model_version", "custom_model"}

deny contains v if {
	some a in input.assets
	a.kind in traceable_kinds
	not a.artifact_uri
	not a.lineage.run_id
	not a.lineage.job
	v := {
		"rule": "MLG008",
		"asset": a.id,
		"message": sprintf(
			"%s %s names no source run, training job or artifact",
			[a.kind, object.get(a, "name", a.id)],
		),
		"evidence": {"kind": a.kind},
	}
}
