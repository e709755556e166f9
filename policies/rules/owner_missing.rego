# MLG001: every asset needs an owner. ITAM cannot govern what nobody answers for.
package mlgov.rules.owner_missing

deny contains v if {
	some a in input.assets
	not a.owner
	v := {
		"rule": "MLG001",
		"asset": a.id,
		"message": sprintf(
			"%s %s has no owner; set the mlgov.io/owner annotation or an owner tag",
			[a.kind, object.get(a, "name", a.id)],
		),
		"evidence": {"kind": a.kind},
	}
}
