# MLG009: models and what serves them carry a data classification.
package mlgov.rules.classification_missing

import data.mlgov.lib.assets

classified(a) if assets.is_model(a)

classified(a) if assets.is_serving(a)

deny contains v if {
	some a in input.assets
	classified(a)
	not a.classification
	v := {
		"rule": "MLG009",
		"asset": a.id,
		"message": sprintf("%s %s has no data classification; set mlgov.io/classification", [a.kind, assets.display_name(a)]),
		"evidence": {"kind": a.kind},
	}
}
