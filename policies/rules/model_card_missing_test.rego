package mlgov.rules.model_card_missing_test

import data.mlgov.rules.model_card_missing
import data.mlgov.test.fixtures

test_high_risk_models_need_an_approved_card if {
	assets := [
		{"id": "none", "kind": "model_version", "risk_tier": "high"},
		{"id": "draft", "kind": "model_version", "risk_tier": "high", "model_card": {"status": "draft"}},
		{"id": "ok", "kind": "model_version", "risk_tier": "high", "model_card": {"status": "approved"}},
		{"id": "low", "kind": "model_version", "risk_tier": "low"},
		{"id": "endpoint", "kind": "serving", "risk_tier": "high"},
	]
	fixtures.pairs(model_card_missing.deny) == {["MLG017", "none"], ["MLG017", "draft"]} with input as fixtures.inventory(assets)
}
