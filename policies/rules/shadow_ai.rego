# MLG012: shadow AI. A serving workload must run a registered model version: it carries no
# registry reference at all, or its reference points into a registry this scan read and resolved
# to nothing there (correlation sets registry_ref.target when it resolves). A router (an
# InferenceGraph, a Seldon Pipeline or Experiment) runs no model itself: its targets are judged.
package mlgov.rules.shadow_ai

import data.mlgov.lib.assets

scanned contains r if {
	some r in input.scope.registries
}

deny contains v if {
	some a in input.assets
	a.kind == "serving"
	not a.registry_ref
	not assets.router(a) # a router: its targets are judged
	v := {
		"rule": "MLG012",
		"asset": a.id,
		"message": sprintf(
			"serving %s names no registered model; reference its version (mlgov.io/registered-model + %s)",
			[object.get(a, "name", a.id), "mlgov.io/model-version, or storageUri models:/NAME/VERSION"],
		),
		"evidence": {"registry_ref": null},
	}
}

deny contains v if {
	count(scanned) > 0
	some a in input.assets
	a.kind == "serving"
	ref := a.registry_ref
	not ref.target
	registry := object.get(ref, "registry", "any")
	judged(registry)
	v := {
		"rule": "MLG012",
		"asset": a.id,
		"message": sprintf(
			"serving %s runs %s, which is not in the scanned registries (%s)",
			[object.get(a, "name", a.id), object.get(ref, "uri", ref.name), concat(", ", sort(scanned))],
		),
		"evidence": {"registry_ref": ref, "scanned_registries": sort(scanned)},
	}
}

judged("any") := true

judged(registry) if registry in scanned
