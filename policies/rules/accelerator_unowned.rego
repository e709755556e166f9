# MLG015: accelerators are the expensive part of ML: every GPU or other accelerator has an owner
# and a cost center to charge.
package mlgov.rules.accelerator_unowned

kinds := {"compute", "notebook", "training_job"}

deny contains v if {
	some a in input.assets
	a.kind in kinds
	a.accelerator.count > 0
	missing := [f | some f in ["owner", "cost_center"]; not a[f]]
	count(missing) > 0
	v := {
		"rule": "MLG015",
		"asset": a.id,
		"message": sprintf(
			"%s %s holds %d %s %s without %s",
			[
				a.kind, object.get(a, "name", a.id), a.accelerator.count, a.accelerator.vendor,
				accelerators(a.accelerator.count), concat(" or ", missing),
			],
		),
		"evidence": {"accelerator": a.accelerator, "missing": missing},
	}
}

accelerators(1) := "accelerator"

accelerators(n) := "accelerators" if n != 1
