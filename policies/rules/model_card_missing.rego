# MLG017: a high-risk model is documented: it has a model card, and the card is approved.
package mlgov.rules.model_card_missing

import data.mlgov.lib.assets

high contains t if {
	some tier in input.params.high_risk_tiers
	t := lower(tier)
}

deny contains v if {
	some a in input.assets
	a.kind in assets.model_kinds
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
