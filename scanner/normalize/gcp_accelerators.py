"""Google Cloud machine types and accelerator types -> Accelerator (vendor, model, count).

Beside the EC2 table (scanner/normalize/accelerators.py), and used the same way by the live
Vertex AI and Workbench normalizers and by Terraform plans. Two inputs, most specific first:

- an accelerator type as Vertex AI (``MachineSpec.acceleratorType``), Workbench
  (``AcceleratorConfig.type``) and Compute Engine name it: ``NVIDIA_TESLA_T4``, ``NVIDIA_L4``,
  ``TPU_V5_LITEPOD``, ``nvidia-tesla-t4`` (the Compute Engine / GKE spelling), with its count;
- else the machine type, for the accelerator-optimized families whose GPUs or TPU chips come
  with the machine: ``a2-highgpu-4g`` (4 x A100), ``g2-standard-24`` (2 x L4),
  ``ct5lp-hightpu-8t`` (8 x TPU v5e). General-purpose types (``n1-standard-8``) carry none.

Static tables, cheap to extend; a family we know with a size we do not still names vendor and
model (count 0 = unknown), as the EC2 table does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.model import Accelerator

# Accelerator type (upper case, `-` as `_`) -> (vendor, model). Names follow the EC2 table's
# spelling (A100, A100-80GB, H100, L4...) so that one model reads the same on both clouds.
ACCELERATOR_TYPES: dict[str, tuple[str, str]] = {
    "NVIDIA_TESLA_K80": ("nvidia", "K80"),
    "NVIDIA_TESLA_P4": ("nvidia", "P4"),
    "NVIDIA_TESLA_P100": ("nvidia", "P100"),
    "NVIDIA_TESLA_V100": ("nvidia", "V100"),
    "NVIDIA_TESLA_T4": ("nvidia", "T4"),
    "NVIDIA_TESLA_A100": ("nvidia", "A100"),
    "NVIDIA_A100_80GB": ("nvidia", "A100-80GB"),
    "NVIDIA_L4": ("nvidia", "L4"),
    "NVIDIA_H100_80GB": ("nvidia", "H100"),
    "NVIDIA_H100_MEGA_80GB": ("nvidia", "H100-MEGA"),
    "NVIDIA_H200_141GB": ("nvidia", "H200"),
    "NVIDIA_B200": ("nvidia", "B200"),
    "NVIDIA_GB200": ("nvidia", "GB200"),
    "NVIDIA_RTX_PRO_6000": ("nvidia", "RTX-PRO-6000"),
    "NVIDIA_RTX6000": ("nvidia", "RTX-6000"),
    "TPU_V2": ("google", "TPU v2"),
    "TPU_V3": ("google", "TPU v3"),
    "TPU_V4_POD": ("google", "TPU v4"),
    "TPU_V5_LITEPOD": ("google", "TPU v5e"),
}


@dataclass(frozen=True)
class MachineFamily:
    vendor: str
    model: str
    counts: dict[str, int]  # the type's last part (1g, 8g, 24, 4t...) -> accelerators per machine


def _gpus(*counts: int) -> dict[str, int]:
    """``a2-highgpu-4g``: the count is in the name."""
    return {f"{n}g": n for n in counts}


def _tpus(*counts: int) -> dict[str, int]:
    """``ct5lp-hightpu-4t``: chips per host, in the name."""
    return {f"{n}t": n for n in counts}


# Machine type without its last part (``a2-highgpu``) -> what every size of it carries.
MACHINE_FAMILIES: dict[str, MachineFamily] = {
    "a2-highgpu": MachineFamily("nvidia", "A100", _gpus(1, 2, 4, 8)),
    "a2-megagpu": MachineFamily("nvidia", "A100", _gpus(16)),
    "a2-ultragpu": MachineFamily("nvidia", "A100-80GB", _gpus(1, 2, 4, 8)),
    "a3-highgpu": MachineFamily("nvidia", "H100", _gpus(1, 2, 4, 8)),
    "a3-edgegpu": MachineFamily("nvidia", "H100", _gpus(8)),
    "a3-megagpu": MachineFamily("nvidia", "H100-MEGA", _gpus(8)),
    "a3-ultragpu": MachineFamily("nvidia", "H200", _gpus(8)),
    "a4-highgpu": MachineFamily("nvidia", "B200", _gpus(8)),
    "a4x-highgpu": MachineFamily("nvidia", "GB200", _gpus(4)),
    # G2: one L4 up to 16 vCPUs and for 32; two, four and eight for the largest sizes
    "g2-standard": MachineFamily(
        "nvidia", "L4", {"4": 1, "8": 1, "12": 1, "16": 1, "32": 1, "24": 2, "48": 4, "96": 8}
    ),
    "g4-standard": MachineFamily("nvidia", "RTX-PRO-6000", {"48": 1, "96": 2, "192": 4, "384": 8}),
    "ct3-hightpu": MachineFamily("google", "TPU v3", _tpus(4)),
    "ct3p-hightpu": MachineFamily("google", "TPU v3", _tpus(4)),
    "ct4p-hightpu": MachineFamily("google", "TPU v4", _tpus(4)),
    "ct5lp-hightpu": MachineFamily("google", "TPU v5e", _tpus(1, 4, 8)),
    "ct5p-hightpu": MachineFamily("google", "TPU v5p", _tpus(4)),
    "ct6e-standard": MachineFamily("google", "TPU v6e", _tpus(1, 4, 8)),
}

_NVIDIA = re.compile(r"NVIDIA_(?:TESLA_)?([A-Z0-9_]+?)(?:_VWS)?")


def accelerator_type(name: str) -> tuple[str, str] | None:
    """``NVIDIA_TESLA_T4`` / ``nvidia-tesla-t4`` / ``NVIDIA_TESLA_T4_VWS`` -> (vendor, model)."""
    # Compute Engine names may come as a URL or path: .../zones/Z/acceleratorTypes/nvidia-tesla-t4
    key = name.strip().rsplit("/", 1)[-1].upper().replace("-", "_")
    if not key or key.endswith("_UNSPECIFIED"):
        return None
    known = ACCELERATOR_TYPES.get(key) or ACCELERATOR_TYPES.get(key.removesuffix("_VWS"))
    if known:
        return known
    # a GPU newer than this table still names its vendor and model
    match = _NVIDIA.fullmatch(key)
    if match:
        return "nvidia", match[1].replace("_", "-")
    if key.startswith("TPU_"):
        return "google", "TPU " + key.removeprefix("TPU_").lower().replace("_", " ")
    return None


def machine_accelerator(
    machine_type: str | None, accelerator: str | None = None, count: int | None = None
) -> Accelerator | None:
    """What one machine of a Vertex/Workbench spec carries: the attached accelerator type (with
    its count) first, else the accelerator-optimized machine family."""
    if accelerator and (found := accelerator_type(accelerator)):
        return Accelerator(vendor=found[0], model=found[1], count=max(count or 0, 0))
    if not machine_type:
        return None
    family_name, _, size = machine_type.strip().rsplit("/", 1)[-1].lower().rpartition("-")
    family = MACHINE_FAMILIES.get(family_name)
    if family is None:
        return None
    return Accelerator(vendor=family.vendor, model=family.model, count=family.counts.get(size, 0))
