# MLG011: a model classified lower than its training data, or a model classified above what its
# environment may hold (params.environment_max_classification).
package mlgov.rules.classification_mismatch

import data.mlgov.lib.assets
import data.mlgov.lib.classification

deny contains v if {
	some a in input.assets
	some d in a.lineage.datasets
	classification.higher(d.classification, a.classification)
	v := {
		"rule": "MLG011",
		"asset": a.id,
		"message": sprintf(
			"%s %s is classified %s but was trained on %s data (%s)",
			[a.kind, assets.display_name(a), a.classification, d.classification, object.get(d, "uri", object.get(d, "name", "dataset"))],
		),
		"evidence": {"classification": a.classification, "dataset_classification": d.classification},
	}
}

deny contains v if {
	some a in input.assets
	ceiling := input.params.environment_max_classification[a.environment]
	classification.higher(a.classification, ceiling)
	v := {
		"rule": "MLG011",
		"asset": a.id,
		"message": sprintf(
			"%s %s is classified %s but runs in %s, which may hold at most %s data",
			[a.kind, assets.display_name(a), a.classification, a.environment, ceiling],
		),
		"evidence": {"classification": a.classification, "environment": a.environment, "environment_max": ceiling},
	}
}
