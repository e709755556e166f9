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
