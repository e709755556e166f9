"""Azure VM sizes that carry accelerators: the N-series (NC, NCC, ND, NV, NG) and NP (FPGA).

A static table beside the EC2 one (scanner/normalize/accelerators.py), so that
`Standard_NC24ads_A100_v4` means the same thing as an Azure ML compute's `vmSize`, a managed
online deployment's `instanceType`, an AKS node's `node.kubernetes.io/instance-type` label and a
Terraform `vm_size`. Names are matched case-insensitively (Azure ML returns `STANDARD_NC6S_V3`).

A size name reads `Standard_<series><vCPUs><features>[_<accelerator>][_<version>]`. The count
is GPUs per VM. Sizes that hold a fraction of a GPU (NVv4, NVadsA10 v5, NVads V710 v5, NGads
V620) count 1: the VM still holds an accelerator someone pays for. A series or size missing
from the table still names the vendor (and the model, when the name carries it), with count 0
(unknown), as the EC2 table does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.model import Accelerator


@dataclass(frozen=True)
class _Family:
    vendor: str
    model: str
    counts: dict[int, int]  # vCPUs in the name -> accelerators per VM


# (series, accelerator token in the name, version) -> family
_FAMILIES: dict[tuple[str, str, str], _Family] = {
    ("nc", "", ""): _Family("nvidia", "K80", {6: 1, 12: 2, 24: 4}),
    ("nc", "", "v2"): _Family("nvidia", "P100", {6: 1, 12: 2, 24: 4}),
    ("nc", "", "v3"): _Family("nvidia", "V100", {6: 1, 12: 2, 24: 4}),
    ("nc", "t4", "v3"): _Family("nvidia", "T4", {4: 1, 8: 1, 16: 1, 64: 4}),
    ("nc", "a100", "v4"): _Family("nvidia", "A100-80GB", {24: 1, 48: 2, 96: 4}),
    ("nc", "h100", "v5"): _Family("nvidia", "H100-NVL", {40: 1, 80: 2}),
    ("ncc", "h100", "v5"): _Family("nvidia", "H100", {40: 1}),
    ("nd", "", ""): _Family("nvidia", "P40", {6: 1, 12: 2, 24: 4}),
    ("nd", "", "v2"): _Family("nvidia", "V100", {40: 8}),
    ("nd", "", "v4"): _Family("nvidia", "A100", {96: 8}),
    ("nd", "a100", "v4"): _Family("nvidia", "A100-80GB", {96: 8}),
    ("nd", "h100", "v5"): _Family("nvidia", "H100", {96: 8}),
    ("nd", "h200", "v5"): _Family("nvidia", "H200", {96: 8}),
    ("nd", "mi300x", "v5"): _Family("amd", "MI300X", {96: 8}),
    ("nd", "gb200", "v6"): _Family("nvidia", "GB200", {128: 4}),
    ("nd", "gb300", "v6"): _Family("nvidia", "GB300", {128: 4}),
    ("nv", "", ""): _Family("nvidia", "M60", {6: 1, 12: 2, 24: 4}),
    ("nv", "", "v3"): _Family("nvidia", "M60", {12: 1, 24: 2, 48: 4}),
    ("nv", "", "v4"): _Family("amd", "MI25", {4: 1, 8: 1, 16: 1, 32: 1}),
    ("nv", "a10", "v5"): _Family("nvidia", "A10", {6: 1, 12: 1, 18: 1, 36: 1, 72: 2}),
    ("nv", "v710", "v5"): _Family("amd", "Radeon Pro V710", {4: 1, 8: 1, 12: 1, 24: 1, 28: 1}),
    ("ng", "v620", "v1"): _Family("amd", "Radeon Pro V620", {8: 1, 16: 1, 32: 1}),
    ("np", "", ""): _Family("xilinx", "U250", {10: 1, 20: 2, 40: 4}),
}

# An accelerator token in a size name the table does not hold yet still names vendor and model.
_TOKENS: dict[str, tuple[str, str]] = {
    "t4": ("nvidia", "T4"),
    "a10": ("nvidia", "A10"),
    "a100": ("nvidia", "A100"),
    "h100": ("nvidia", "H100"),
    "h200": ("nvidia", "H200"),
    "gb200": ("nvidia", "GB200"),
    "gb300": ("nvidia", "GB300"),
    "mi300x": ("amd", "MI300X"),
    "v710": ("amd", "Radeon Pro V710"),
    "v620": ("amd", "Radeon Pro V620"),
}
_SERIES_VENDOR = {
    "nc": "nvidia",
    "ncc": "nvidia",
    "nd": "nvidia",
    "nv": "nvidia",
    "ng": "amd",
    "np": "xilinx",
}
_HEAD = re.compile(r"(ncc|nc|nd|nv|ng|np)(\d+)([a-z-]*)")
_VERSION = re.compile(r"v\d+")


def azure_vm_accelerator(size: str) -> Accelerator | None:
    """``Standard_NC24ads_A100_v4`` -> Accelerator(nvidia, A100-80GB, 1); a size without
    accelerators (``Standard_D4s_v3``) -> None."""
    text = size.strip().lower()
    if not text.startswith("standard_"):
        return None
    head, *rest = text.removeprefix("standard_").split("_")
    match = _HEAD.fullmatch(head)
    if match is None:
        return None
    series, vcpus = match[1], int(match[2])
    # the version is the last part: V620 and V710 are accelerators that only look like versions
    version = next((p for p in reversed(rest) if _VERSION.fullmatch(p) and p not in _TOKENS), "")
    token = next((p for p in rest if p in _TOKENS), "")
    family = _FAMILIES.get((series, token, version))
    if family is not None:
        return Accelerator(family.vendor, family.model, family.counts.get(vcpus, 0))
    if token:
        vendor, model = _TOKENS[token]
        return Accelerator(vendor, model, 0)
    return Accelerator(_SERIES_VENDOR[series], None, 0)
