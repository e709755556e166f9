# MLG018: what is served is pinned. An MLflow URI without a version number (a stage, an alias or
# nothing), a Hugging Face URI without a revision, or a container image with neither a digest nor
# a tag other than `latest`, can change under a running service without review.
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

unpinned_uri(uri) if regex.match(`^models:/[^/@]+/?$`, uri)

unpinned_uri(uri) if regex.match(`^models:/[^/@]+@`, uri)

unpinned_uri(uri) if regex.match(`^models:/[^/@]+/[^0-9/][^/]*/?$`, uri)

unpinned_uri(uri) if {
	regex.match(`^(hf|huggingface)://`, uri)
	not contains(uri, "@")
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
