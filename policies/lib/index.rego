# Indexes over the inventory, built once per evaluation and shared by the cross-asset rules
# (the embedded engine evaluates one rule package per query: once per package that uses them).
# They live outside mlgov.rules on purpose: the engines return the whole data.mlgov.rules tree,
# and an index there would be serialized with it (100,000 assets: seconds of JSON).
package mlgov.lib.index

import data.mlgov.lib.assets

# A local alias: regorus resolves an imported rule again on every reference inside the loop
# (0.2 s -> 0.13 s to build this index over 100,000 assets).
model_kinds := assets.model_kinds

# Model versions (and other model kinds) by id: what a serving workload's registry_ref.target
# points at after correlation. A comprehension, not a partial object rule: OPA evaluates
# `versions[key]` on a partial rule by running its body again for each key (one pass over all
# assets per lookup: quadratic, 7.8 s for 10,000 assets), while a complete value is built once.
# regal ignore:prefer-set-or-object-rule
versions := {a.id: a |
	some a in input.assets
	a.kind in model_kinds
}
