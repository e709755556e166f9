"""Frozen records that flow through the pipeline, and the error hierarchy."""

from scanner.model.asset import (
    Accelerator,
    Asset,
    AssetKind,
    Dataset,
    Lineage,
    Link,
    Location,
    ModelCard,
    RegistryRef,
    SourceType,
    asset_from_dict,
)
from scanner.model.errors import (
    CollectorError,
    ConfigError,
    EngineError,
    InputError,
    MlgovError,
    PolicyError,
    ReportError,
    UsageError,
)
from scanner.model.finding import (
    Finding,
    FindingStatus,
    ScanMetadata,
    ScanResult,
    Violation,
    Waiver,
    WaiverStatus,
)
from scanner.model.inventory import Coverage, CoverageError, CoverageStatus, Inventory
from scanner.model.rule import Rule
from scanner.model.severity import Severity

__all__ = [
    "Accelerator",
    "Asset",
    "AssetKind",
    "CollectorError",
    "ConfigError",
    "Coverage",
    "CoverageError",
    "CoverageStatus",
    "Dataset",
    "EngineError",
    "Finding",
    "FindingStatus",
    "InputError",
    "Inventory",
    "Lineage",
    "Link",
    "Location",
    "MlgovError",
    "ModelCard",
    "PolicyError",
    "RegistryRef",
    "ReportError",
    "Rule",
    "ScanMetadata",
    "ScanResult",
    "Severity",
    "SourceType",
    "UsageError",
    "Violation",
    "Waiver",
    "WaiverStatus",
    "asset_from_dict",
]
