# Shared predicates over assets. Tag keys are resolved in Python (scanner/normalize); policies
# only read the resolved fields of the asset contract (docs/architecture.md).
package mlgov.lib.assets

# Kinds that are models in their own right, as opposed to what serves or trains them.
model_kinds := {"registered_model", "model_version", "custom_model"}

display_name(a) := a.name

display_name(a) := a.id if not a.name

is_model(a) if a.kind in model_kinds

is_serving(a) if a.kind == "serving"

is_production(a) if a.environment in input.params.production_environments

is_production_model(a) if {
	is_model(a)
	is_production(a)
}

has_datasets(a) if count(a.lineage.datasets) > 0

inactive(a) if a.lifecycle in input.params.inactive_lifecycles

# An asset is active unless its lifecycle says otherwise; a serving workload is active by
# definition, whatever its labels claim.
still_active(a) if is_serving(a)

still_active(a) if not inactive(a)
