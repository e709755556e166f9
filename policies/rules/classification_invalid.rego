# MLG010: the classification must be one of the organisation's levels (params.allowed_classifications).
package mlgov.rules.classification_invalid

allowed := {c | some c in input.params.allowed_classifications}

deny contains v if {
	some a in input.assets
	classification := a.classification # bound first: a missing classification is MLG009, not this rule
	not classification in allowed
	v := {
		"rule": "MLG010",
		"asset": a.id,
		"message": sprintf(
			"%s %s has classification %s, which is not one of: %s",
			[a.kind, object.get(a, "name", a.id), classification, concat(", ", input.params.allowed_classifications)],
		),
		"evidence": {"classification": classification, "allowed": input.params.allowed_classifications},
	}
}
