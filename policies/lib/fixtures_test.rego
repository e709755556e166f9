# Test-only fixtures shared by the rule tests. Loaded by `mlgov policy test`, never by a scan.
# `params` mirrors scanner/policy/params.py DEFAULT_PARAMS (tests/policy keeps them equal).
package mlgov.test.fixtures

params := {
	"owner_pattern": `^([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|([a-z][a-z0-9-]*:)?[a-z0-9][a-z0-9._-]*[a-z0-9])$`,
	"owner_directory_entries": [],
	"production_environments": ["production"],
	"inactive_lifecycles": ["retired", "archived", "deleted"],
	"max_ttl_days": 365,
	"warning_days": 30,
	"allowed_classifications": ["public", "internal", "confidential", "restricted"],
	"classification_levels": {"public": 0, "internal": 1, "confidential": 2, "restricted": 3},
	"environment_max_classification": {"development": "internal", "staging": "confidential"},
	"approved_statuses": ["approved"],
	"retired_lifecycles": ["deprecated", "retired", "archived"],
	"running_lifecycles": ["inservice", "running", "inprogress", "pending"],
	"notebook_idle_days": 30,
	"training_max_days": 14,
	"high_risk_tiers": ["high", "critical", "unacceptable"],
}

# An input document for the given assets, at 2026-11-22.
inventory(assets) := {
	"now": "2026-11-22T00:00:00Z",
	"today": "2026-11-22",
	"params": params,
	"scope": {"sources": ["file"], "registries": []},
	"assets": assets,
}

# The (rule, asset) pairs a deny set holds, for exact assertions.
pairs(deny) := {[v.rule, v.asset] | some v in deny}
