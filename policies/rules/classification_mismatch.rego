# MLG011: a model classified lower than its training data, or a model classified above what its
# environment may hold (params.environment_max_classification).
package mlgov.rules.classification_mismatch

levels := input.params.classification_levels

deny contains v if {
	some a in input.assets
	some d in a.lineage.datasets
	levels[d.classification] > levels[a.classification]
	v := {
		"rule": "MLG011",
		"asset": a.id,
		"message": sprintf(
			"%s %s is classified %s but was trained on %s data (%s)",
			[
				a.kind, object.get(a, "name", a.id), a.classification, d.classification,
				object.get(d, "uri", object.get(d, "name", "dataset")),
			],
		),
		"evidence": {"classification": a.classification, "dataset_classification": d.classification},
	}
}

deny contains v if {
	some a in input.assets
	ceiling := input.params.environment_max_classification[a.environment]
	levels[a.classification] > levels[ceiling]
	v := {
		"rule": "MLG011",
		"asset": a.id,
		"message": sprintf(
			"%s %s is classified %s but runs in %s, which may hold at most %s data",
			[a.kind, object.get(a, "name", a.id), a.classification, a.environment, ceiling],
		),
		"evidence": {"classification": a.classification, "environment": a.environment, "environment_max": ceiling},
	}
}
