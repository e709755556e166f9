package mlgov.rules.source_missing_test

import data.mlgov.rules.source_missing
import data.mlgov.test.fixtures

test_version_without_source_fails if {
	assets := [{"id": "v", "kind": "model_version", "environment": "unknown"}]
	fixtures.pairs(source_missing.deny) == {["MLG008", "v"]} with input as fixtures.inventory(assets)
}

test_run_job_artifact_or_package_passes if {
	assets := [
		{"id": "a", "kind": "model_version", "environment": "unknown", "lineage": {"run_id": "r"}},
		{"id": "b", "kind": "custom_model", "environment": "unknown", "lineage": {"job": "arn:job"}},
		{"id": "c", "kind": "model_version", "environment": "unknown", "artifact_uri": "s3://m/model.tar.gz"},
		{"id": "d", "kind": "serving", "environment": "unknown"},
		{
			"id": "e", "kind": "model_version", "environment": "unknown",
			"registry_ref": {"name": "jumpstart-ic", "uri": "arn:aws:sagemaker:us-east-1:aws:model-package/jumpstart-ic"},
		},
	]
	count(source_missing.deny) == 0 with input as fixtures.inventory(assets)
}
