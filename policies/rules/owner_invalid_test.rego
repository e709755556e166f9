package mlgov.rules.owner_invalid_test

import data.mlgov.rules.owner_invalid
import data.mlgov.test.fixtures

asset(owner) := {"id": "a", "kind": "serving", "environment": "production", "owner": owner}

test_free_text_owner_fails if {
	fixtures.pairs(owner_invalid.deny) == {["MLG002", "a"]} with input as fixtures.inventory([asset("John Smith")])
}

test_email_team_and_group_pass if {
	every owner in ["ml@example.com", "team-ml-platform", "group:fraud"] {
		count(owner_invalid.deny) == 0 with input as fixtures.inventory([asset(owner)])
	}
}

test_missing_owner_is_not_this_rule if {
	count(owner_invalid.deny) == 0 with input as fixtures.inventory([{"id": "a", "kind": "serving", "environment": "unknown"}])
}

with_directory(assets) := object.union(
	fixtures.inventory(assets),
	{"params": object.union(fixtures.params, {"owner_directory_entries": ["Here@Example.com"]})},
)

test_owner_not_in_directory_is_orphaned if {
	doc := with_directory([asset("gone@example.com")])
	fixtures.pairs(owner_invalid.deny) == {["MLG002", "a"]} with input as doc
}

test_owner_in_directory_passes_case_insensitively if {
	doc := with_directory([asset("here@example.com")])
	count(owner_invalid.deny) == 0 with input as doc
}
