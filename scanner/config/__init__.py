"""The mlgov.yaml config file: sources, policy params, rules, waivers, outputs, fail-on."""

from scanner.config.loader import DEFAULT_CONFIG_NAME, Config, discover_config, load_config

__all__ = ["DEFAULT_CONFIG_NAME", "Config", "discover_config", "load_config"]
