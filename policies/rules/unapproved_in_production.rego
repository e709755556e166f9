# MLG013: what runs in production passed approval. A production model version whose registry
# records approval (a SageMaker package; an MLflow version, through an approval tag) must be
# approved, and a production serving workload must not run an unapproved version.
package mlgov.rules.unapproved_in_production

import data.mlgov.lib.assets
import data.mlgov.lib.index

# Local aliases: regorus resolves an imported rule again on every reference inside the asset loop
# (measured 0.05 s per reference over 100,000 assets); a rule of this package is resolved once.
production := assets.production

approved contains s if {
	some status in input.params.approved_statuses
	s := lower(status)
}

deny contains v if {
	some a in input.assets
	a.kind == "model_version"
	a.environment in production
	status := object.get(a, "approval_status", "")
	needs_approval(a, status)
	not lower(status) in approved
	v := violation(a, a, status)
}

deny contains v if {
	some a in input.assets
	a.kind == "serving"
	a.environment in production
	version := index.versions[a.registry_ref.target]
	status := object.get(version, "approval_status", "")
	needs_approval(version, status)
	not lower(status) in approved
	v := violation(a, version, status)
}

# Registries with an approval gate: the status is recorded (SageMaker), or a registry whose gate
# is a tag, label, property or model card key (MLflow, Vertex AI, Azure ML, the Hugging Face Hub;
# a missing one is missing approval).
needs_approval(_, status) if status != ""

needs_approval(a, _) if a.source in approval_by_tag

# none of these registries has an approval state of its own: MLflow and Azure ML carry it as a
# tag (or an Azure ML property), Vertex AI as a label, the Hugging Face Hub as a model card key
approval_by_tag := {"mlflow", "gcp", "azure", "huggingface"}

violation(a, version, status) := {
	"rule": "MLG013",
	"asset": a.id,
	"message": sprintf(
		"%s %s runs in production but version %s is %s",
		[a.kind, object.get(a, "name", a.id), version.id, status_text(status)],
	),
	"evidence": {"version": version.id, "approval_status": status, "environment": a.environment},
}

status_text("") := "not approved (no approval recorded)"

status_text(status) := sprintf("not approved (%s)", [status]) if status != ""
