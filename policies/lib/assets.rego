# Shared values for rules. Tag keys are resolved in Python (scanner/normalize); policies only read
# the resolved fields of the asset contract (docs/architecture.md). Rules test asset fields inline
# rather than through helper functions: a function call per asset costs several times the check
# itself in regorus, and 100,000 assets must evaluate in seconds.
package mlgov.lib.assets

# Kinds that are models in their own right, as opposed to what serves or trains them.
model_kinds := {"registered_model", "model_version", "custom_model"}

production := {e | some e in input.params.production_environments}

inactive := {l | some l in input.params.inactive_lifecycles}

# A router (a KServe InferenceGraph, a Seldon Pipeline or Experiment) runs no model of its own:
# it sends requests to the serving assets its routes_to links name, and the rules that judge a
# model (lineage, registry link) judge those instead. Called only for the few serving assets
# that reach that test, not for every asset.
router(a) if {
	some link in a.links
	link.rel == "routes_to"
}
