# MLG009: models and what serves them carry a data classification.
package mlgov.rules.classification_missing

classified_kinds := {"registered_model", "model_version", "custom_model", "serving"}

deny contains v if {
	some a in input.assets
	not a.classification
	a.kind in classified_kinds
	v := {
		"rule": "MLG009",
		"asset": a.id,
		"message": sprintf(
			"%s %s has no data classification; set mlgov.io/classification",
			[a.kind, object.get(a, "name", a.id)],
		),
		"evidence": {"kind": a.kind},
	}
}
