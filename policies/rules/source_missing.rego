# MLG008: a model version must be traceable to the run or job that produced it, its artifact, or
# the registry entry it deploys (a SageMaker model created from a model package, JumpStart
# packages included: the package holds the artifact).
package mlgov.rules.source_missing

traceable_kinds := {"model_version", "custom_model"}

deny contains v if {
	some a in input.assets
	a.kind in traceable_kinds
	not a.artifact_uri
	not a.lineage.run_id
	not a.lineage.job
	not a.registry_ref
	v := {
		"rule": "MLG008",
		"asset": a.id,
		"message": sprintf(
			"%s %s names no source run, training job, artifact or model package",
			[a.kind, object.get(a, "name", a.id)],
		),
		"evidence": {"kind": a.kind},
	}
}
