"""Collectors: one module per source, each producing an Inventory (assets plus coverage)."""

from scanner.collectors.base import Collector
from scanner.collectors.registry import available_collectors, get_collector

__all__ = ["Collector", "available_collectors", "get_collector"]
