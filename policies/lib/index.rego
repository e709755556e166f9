# Indexes over the inventory, built once per evaluation and shared by the cross-asset rules.
# They live outside mlgov.rules on purpose: the engines return the whole data.mlgov.rules tree,
# and an index there would be serialized with it (100,000 assets: seconds of JSON).
package mlgov.lib.index

import data.mlgov.lib.assets

# Model versions (and other model kinds) by id: what a serving workload's registry_ref.target
# points at after correlation.
versions[a.id] := a if {
	some a in input.assets
	a.kind in assets.model_kinds
}
