# MLG018: what is served is pinned. An MLflow URI without a version number (a stage, an alias or
# nothing), a Hugging Face URI without a revision (or with the default branch, `main`), or a
# container image with neither a digest nor a tag other than `latest`, can change under a running
# service without review.
package mlgov.rules.artifact_unpinned

kinds := {"serving", "model_version"}

deny contains v if {
	some a in input.assets
	a.kind in kinds
	uri := a.artifact_uri
	unpinned_uri(uri)
	v := violation(a, "artifact", uri)
}

deny contains v if {
	some a in input.assets
	a.kind == "serving"
	image := a.image
	not contains(image, "@sha256:")
	unpinned_image(image)
	v := violation(a, "image", image)
}

# String tests, not regex.match: regorus compiles a pattern on every call, and four patterns per
# asset cost half a second over 100,000 assets (docs/benchmarks.md).
unpinned_uri(uri) if {
	startswith(uri, "models:/")
	unpinned_model_path(split(trim_suffix(substring(uri, 8, -1), "/"), "/"))
}

unpinned_uri(uri) if {
	some scheme in ["hf://", "huggingface://"]
	startswith(uri, scheme)
	unpinned_revision(substring(uri, count(scheme), -1))
}

# hf://ORG/NAME: no revision (KServe writes it after ":", hf://ORG/NAME:SHA; others after "@")
unpinned_revision(path) if {
	not contains(path, "@")
	not contains(path, ":")
}

# the default branch moves with every push
unpinned_revision(path) if {
	some branch in ["@main", ":main"]
	endswith(path, branch)
}

# models:/NAME: no version at all
unpinned_model_path([name]) if {
	name != ""
	not contains(name, "@")
}

# models:/NAME@alias: whatever the alias points at today
unpinned_model_path(segments) if indexof(segments[0], "@") > 0

# models:/NAME/Stage: a stage, not a version number
unpinned_model_path([name, stage]) if {
	name != ""
	not contains(name, "@")
	stage != ""
	not contains("0123456789", substring(stage, 0, 1))
}

unpinned_image(image) if endswith(image, ":latest")

unpinned_image(image) if {
	parts := split(image, "/")
	not contains(parts[count(parts) - 1], ":")
}

violation(a, what, value) := {
	"rule": "MLG018",
	"asset": a.id,
	"message": sprintf(
		"%s %s uses %s %s, pinned to no version or digest",
		[a.kind, object.get(a, "name", a.id), what, value],
	),
	"evidence": {what: value},
}
