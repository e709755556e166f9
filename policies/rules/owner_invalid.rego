# MLG002: the owner must be reachable: a well-formed address or team slug (params.owner_pattern)
# and, when an owner directory is configured, a known one.
package mlgov.rules.owner_invalid

# Explicit bodies, not one-liners such as `owners contains a.owner if some a in input.assets`:
# regorus 0.13 evaluates that form to an empty set where OPA does not (tests/engine/test_parity.py).
directory contains name if {
	some owner in input.params.owner_directory_entries
	name := lower(owner)
}

# Each distinct owner is matched once: thousands of assets share a handful of owners.
owners contains owner if {
	some a in input.assets
	owner := a.owner
}

malformed contains owner if {
	some owner in owners
	not regex.match(input.params.owner_pattern, owner)
}

orphaned contains owner if {
	count(directory) > 0
	some owner in owners
	not owner in malformed # malformed owners are reported as such
	not lower(owner) in directory
}

# What is wrong with each distinct owner, so the asset loop below is one pass with one lookup
# (two passes with two set tests cost twice as much over 100,000 assets).
problems := object.union(
	{owner: {
		"text": "which is not an e-mail address or team id",
		"evidence": {"owner": owner, "pattern": input.params.owner_pattern},
	} |
		some owner in malformed
	},
	{owner: {
		"text": "who is not in the owner directory (orphaned asset)",
		"evidence": {"owner": owner, "in_directory": false},
	} |
		some owner in orphaned
	},
)

deny contains v if {
	some a in input.assets
	problem := problems[a.owner]
	v := {
		"rule": "MLG002",
		"asset": a.id,
		"message": sprintf("%s %s has owner %s, %s", [a.kind, object.get(a, "name", a.id), a.owner, problem.text]),
		"evidence": problem.evidence,
	}
}
