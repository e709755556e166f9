# conftest-flavoured equivalents of mlgov MLG001, MLG003, MLG007 and MLG009 for the benchmark:
# conftest evaluates one document at a time, so each rule reads the object directly.
package main

ml_kinds := {"InferenceService", "Deployment", "StatefulSet", "Job", "RayService", "PyTorchJob"}

annotations := object.get(input, ["metadata", "annotations"], {})

gpu if {
	some container in input.spec.template.spec.containers
	container.resources.limits["nvidia.com/gpu"]
}

model_server if {
	some container in input.spec.template.spec.containers
	contains(container.image, "vllm")
}

is_ml if input.kind == "InferenceService"

is_ml if {
	input.kind in ml_kinds
	gpu
}

is_ml if {
	input.kind in ml_kinds
	model_server
}

deny contains msg if {
	is_ml
	not annotations["mlgov.io/owner"]
	msg := sprintf("MLG001 %s/%s has no owner", [input.kind, input.metadata.name])
}

deny contains msg if {
	is_ml
	not annotations["mlgov.io/sunset-date"]
	msg := sprintf("MLG003 %s/%s has no sunset date", [input.kind, input.metadata.name])
}

deny contains msg if {
	is_ml
	not annotations["mlgov.io/training-data"]
	not annotations["mlgov.io/registered-model"]
	not startswith(object.get(input, ["spec", "predictor", "model", "storageUri"], ""), "models:/")
	msg := sprintf("MLG007 %s/%s has no lineage", [input.kind, input.metadata.name])
}

deny contains msg if {
	is_ml
	not annotations["mlgov.io/classification"]
	msg := sprintf("MLG009 %s/%s has no classification", [input.kind, input.metadata.name])
}

# The remaining built-in rules, so that both tools evaluate all eleven checks.
owner := annotations["mlgov.io/owner"]

sunset := annotations["mlgov.io/sunset-date"]

classification := annotations["mlgov.io/classification"]

levels := {"public": 0, "internal": 1, "confidential": 2, "restricted": 3}

today := "2026-11-22"

deny contains msg if {
	is_ml
	not regex.match(`^([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|([a-z][a-z0-9-]*:)?[a-z0-9][a-z0-9._-]*[a-z0-9])$`, owner)
	msg := sprintf("MLG002 %s/%s owner %s is malformed", [input.kind, input.metadata.name, owner])
}

deny contains msg if {
	is_ml
	sunset < today
	msg := sprintf("MLG004 %s/%s passed its sunset date %s", [input.kind, input.metadata.name, sunset])
}

deny contains msg if {
	is_ml
	not regex.match(`^\d{4}-\d{2}-\d{2}$`, sunset)
	msg := sprintf("MLG005 %s/%s sunset %s is not a date", [input.kind, input.metadata.name, sunset])
}

deny contains msg if {
	is_ml
	sunset > "2027-11-22"
	msg := sprintf("MLG005 %s/%s sunset %s is beyond the maximum TTL", [input.kind, input.metadata.name, sunset])
}

deny contains msg if {
	is_ml
	sunset >= today
	sunset <= "2026-12-22"
	msg := sprintf("MLG006 %s/%s sunset %s is within 30 days", [input.kind, input.metadata.name, sunset])
}

deny contains msg if {
	input.kind == "InferenceService"
	not input.spec.predictor.model.storageUri
	not annotations["mlgov.io/registered-model"]
	msg := sprintf("MLG008 %s/%s names no artifact", [input.kind, input.metadata.name])
}

deny contains msg if {
	is_ml
	not classification in {"public", "internal", "confidential", "restricted"}
	msg := sprintf("MLG010 %s/%s classification %s is not allowed", [input.kind, input.metadata.name, classification])
}

deny contains msg if {
	is_ml
	startswith(input.metadata.namespace, "dev")
	levels[classification] > levels.internal
	msg := sprintf("MLG011 %s/%s is %s in development", [input.kind, input.metadata.name, classification])
}
