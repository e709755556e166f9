# MLG014: decommissioning is complete only when nothing serves the model: a serving workload
# must not run a version that is deprecated, retired or archived.
package mlgov.rules.retired_still_serving

import data.mlgov.lib.index

retired contains l if {
	some l in input.params.retired_lifecycles
}

deny contains v if {
	some a in input.assets
	a.kind == "serving"
	version := index.versions[a.registry_ref.target]
	version.lifecycle in retired
	v := {
		"rule": "MLG014",
		"asset": a.id,
		"message": sprintf(
			"serving %s still runs %s, which is %s",
			[object.get(a, "name", a.id), version.id, version.lifecycle],
		),
		"evidence": {"version": version.id, "lifecycle": version.lifecycle},
	}
}
