# MLG016: idle or long-running compute. A running notebook with no activity (last modified, else
# launch, else creation) for params.notebook_idle_days, or a training job running for more than
# params.training_max_days. Timestamps are RFC 3339; their date part is compared as a string with a
# limit computed once.
package mlgov.rules.idle_compute

import data.mlgov.lib.dates

running contains l if {
	some l in input.params.running_lifecycles
}

notebook_limit := dates.after_days(0 - input.params.notebook_idle_days)

training_limit := dates.after_days(0 - input.params.training_max_days)

deny contains v if {
	some a in input.assets
	a.kind == "notebook"
	a.lifecycle in running
	since := object.get(a, "updated_at", object.get(a, "launched_at", object.get(a, "created_at", "")))
	since != ""
	substring(since, 0, 10) < notebook_limit
	v := violation(a, since, input.params.notebook_idle_days, "with no activity since")
}

deny contains v if {
	some a in input.assets
	a.kind == "training_job"
	a.lifecycle in running
	since := object.get(a, "launched_at", object.get(a, "created_at", ""))
	since != ""
	substring(since, 0, 10) < training_limit
	v := violation(a, since, input.params.training_max_days, "running since")
}

violation(a, since, days, what) := {
	"rule": "MLG016",
	"asset": a.id,
	"message": sprintf(
		"%s %s is %s %s %s (more than %d days)",
		[a.kind, object.get(a, "name", a.id), a.lifecycle, what, since, days],
	),
	"evidence": {"since": since, "lifecycle": a.lifecycle, "limit_days": days},
}
