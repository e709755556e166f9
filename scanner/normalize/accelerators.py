"""What counts as an accelerator: Kubernetes extended resources, node labels, EC2 instance types.

Static tables, cheap to extend; one place for the Kubernetes and Terraform (and later AWS)
normalizers, so that ``p4d.24xlarge`` means the same thing in a node selector and in a plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner.model import Accelerator
from scanner.normalize.azure_accelerators import azure_vm_accelerator

# --- Kubernetes extended resources ----------------------------------------------------------


def resource_vendor(resource: str) -> tuple[str, str | None] | None:
    """An extended resource name -> (vendor, model hint), or None if it is not an accelerator."""
    name = resource.lower()
    if name == "nvidia.com/gpu" or name.startswith("nvidia.com/gpu."):
        return "nvidia", None
    if name.startswith("nvidia.com/mig-"):  # a MIG slice names its profile: mig-1g.5gb
        return "nvidia", name.removeprefix("nvidia.com/")
    if name == "amd.com/gpu":
        return "amd", None
    if name.startswith("gpu.intel.com/"):
        return "intel", name.removeprefix("gpu.intel.com/")
    if name.startswith("aws.amazon.com/neuron"):
        return "aws", "neuron"
    if name == "google.com/tpu":
        return "google", "tpu"
    if name.startswith("habana.ai/gaudi"):
        return "habana", "gaudi"
    return None


# Node labels that name the accelerator model, most specific first.
MODEL_NODE_KEYS: tuple[str, ...] = (
    "nvidia.com/gpu.product",  # NVIDIA GPU feature discovery
    "cloud.google.com/gke-accelerator",
    "cloud.google.com/gke-tpu-accelerator",
    "karpenter.k8s.aws/instance-gpu-name",
    "node.kubernetes.io/instance-type",  # through the EC2 table below
    "beta.kubernetes.io/instance-type",
)

# --- EC2 / SageMaker instance types ---------------------------------------------------------


@dataclass(frozen=True)
class Family:
    vendor: str
    model: str
    counts: dict[str, int]  # size -> accelerators per instance; unknown sizes count 0


def _sizes(default: int, **special: int) -> dict[str, int]:
    """Sizes that hold ``default`` accelerators, with the bigger sizes listed explicitly."""
    base = {s: default for s in ("xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge")}
    base.update({k.removeprefix("s_"): v for k, v in special.items()})
    return base


# Families whose instances carry GPUs or other accelerators. Counts per size where cheap to
# encode; a size missing from the table still names vendor and model (count 0 = unknown).
INSTANCE_FAMILIES: dict[str, Family] = {
    "p2": Family("nvidia", "K80", {"xlarge": 1, "8xlarge": 8, "16xlarge": 16}),
    "p3": Family("nvidia", "V100", {"2xlarge": 1, "8xlarge": 4, "16xlarge": 8}),
    "p3dn": Family("nvidia", "V100", {"24xlarge": 8}),
    "p4d": Family("nvidia", "A100", {"24xlarge": 8}),
    "p4de": Family("nvidia", "A100-80GB", {"24xlarge": 8}),
    "p5": Family("nvidia", "H100", {"4xlarge": 1, "48xlarge": 8}),
    "p5e": Family("nvidia", "H200", {"48xlarge": 8}),
    "p5en": Family("nvidia", "H200", {"48xlarge": 8}),
    "p6": Family("nvidia", "B200", {"48xlarge": 8}),
    "g3": Family("nvidia", "M60", {"4xlarge": 1, "8xlarge": 2, "16xlarge": 4}),
    "g3s": Family("nvidia", "M60", {"xlarge": 1}),
    "g4dn": Family("nvidia", "T4", _sizes(1, s_12xlarge=4, metal=8)),
    "g4ad": Family("amd", "Radeon Pro V520", _sizes(1, s_8xlarge=2, s_16xlarge=4)),
    "g5": Family("nvidia", "A10G", _sizes(1, s_12xlarge=4, s_24xlarge=4, s_48xlarge=8)),
    "g5g": Family("nvidia", "T4G", _sizes(1, s_16xlarge=2, metal=2)),
    "g6": Family("nvidia", "L4", _sizes(1, s_12xlarge=4, s_24xlarge=4, s_48xlarge=8)),
    "g6e": Family("nvidia", "L40S", _sizes(1, s_12xlarge=4, s_24xlarge=4, s_48xlarge=8)),
    "gr6": Family("nvidia", "L4", {"4xlarge": 1, "8xlarge": 1}),
    "inf1": Family("aws", "Inferentia", {"xlarge": 1, "2xlarge": 1, "6xlarge": 4, "24xlarge": 16}),
    "inf2": Family("aws", "Inferentia2", {"xlarge": 1, "8xlarge": 1, "24xlarge": 6, "48xlarge": 12}),
    "trn1": Family("aws", "Trainium", {"2xlarge": 1, "32xlarge": 16}),
    "trn1n": Family("aws", "Trainium", {"32xlarge": 16}),
    "trn2": Family("aws", "Trainium2", {"48xlarge": 16}),
    "dl1": Family("habana", "Gaudi", {"24xlarge": 8}),
    "dl2q": Family("qualcomm", "Cloud AI 100", {"24xlarge": 8}),
    "vt1": Family("xilinx", "U30", {"3xlarge": 1, "6xlarge": 2, "24xlarge": 8}),
    "f1": Family("xilinx", "VU9P", {"2xlarge": 1, "4xlarge": 2, "16xlarge": 8}),
    "f2": Family("amd", "VU47P", {"6xlarge": 1, "12xlarge": 2, "48xlarge": 8}),
}


def instance_accelerator(instance_type: str) -> Accelerator | None:
    """``p3.8xlarge`` / ``ml.g5.xlarge`` / ``p6-b200.48xlarge`` / ``Standard_NC6s_v3`` -> Accelerator,
    else None."""
    text = instance_type.strip().lower().removeprefix("ml.")
    if text.startswith("standard_"):  # an Azure VM size (AKS node labels, Azure ML, Terraform)
        return azure_vm_accelerator(text)
    family_name, _, size = text.partition(".")
    # p6-b200, p6e-gb200: the part before the dash is the family in our table
    family = INSTANCE_FAMILIES.get(family_name) or INSTANCE_FAMILIES.get(family_name.split("-")[0])
    if family is None or not size:
        return None
    model = family.model
    if "-" in family_name:
        model = family_name.split("-", 1)[1].upper()
    return Accelerator(vendor=family.vendor, model=model, count=family.counts.get(size, 0))
