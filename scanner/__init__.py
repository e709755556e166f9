"""mlgov: a policy-as-code compliance scanner for machine-learning models as IT assets."""

__version__ = "0.1.0"
