# MLG002: the owner must be reachable: a well-formed address or team slug (params.owner_pattern)
# and, when an owner directory is configured, a known one.
package mlgov.rules.owner_invalid

import data.mlgov.lib.assets

directory contains lower(owner) if some owner in input.params.owner_directory_entries

malformed(a) if not regex.match(input.params.owner_pattern, a.owner)

deny contains v if {
	some a in input.assets
	a.owner
	malformed(a)
	v := {
		"rule": "MLG002",
		"asset": a.id,
		"message": sprintf("%s %s has owner %s, which is not an e-mail address or team id", [a.kind, assets.display_name(a), a.owner]),
		"evidence": {"owner": a.owner, "pattern": input.params.owner_pattern},
	}
}

deny contains v if {
	count(directory) > 0
	some a in input.assets
	a.owner
	not malformed(a)
	not lower(a.owner) in directory
	v := {
		"rule": "MLG002",
		"asset": a.id,
		"message": sprintf(
			"%s %s has owner %s, who is not in the owner directory (orphaned asset)",
			[a.kind, assets.display_name(a), a.owner],
		),
		"evidence": {"owner": a.owner, "in_directory": false},
	}
}
