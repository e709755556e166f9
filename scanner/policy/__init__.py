"""Loads the Rego bundle (policies/) and rule catalog (rules/), validates them, runs policy tests."""
