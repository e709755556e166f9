"""Azure VM sizes -> accelerators: vendor, model and GPUs per VM, as Microsoft documents them for
each N-series size; through `instance_accelerator` too, as AKS node labels and plans reach it."""

from __future__ import annotations

import pytest

from scanner.model import Accelerator
from scanner.normalize.accelerators import instance_accelerator
from scanner.normalize.azure_accelerators import azure_vm_accelerator


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ("Standard_NC6s_v3", ("nvidia", "V100", 1)),
        ("Standard_NC24rs_v3", ("nvidia", "V100", 4)),
        ("Standard_NC12s_v2", ("nvidia", "P100", 2)),
        ("Standard_NC24", ("nvidia", "K80", 4)),
        ("Standard_NC4as_T4_v3", ("nvidia", "T4", 1)),
        ("Standard_NC64as_T4_v3", ("nvidia", "T4", 4)),
        ("Standard_NC24ads_A100_v4", ("nvidia", "A100-80GB", 1)),
        ("Standard_NC96ads_A100_v4", ("nvidia", "A100-80GB", 4)),
        ("Standard_NC40ads_H100_v5", ("nvidia", "H100-NVL", 1)),
        ("Standard_NC80adis_H100_v5", ("nvidia", "H100-NVL", 2)),
        ("Standard_NCC40ads_H100_v5", ("nvidia", "H100", 1)),
        ("Standard_ND40rs_v2", ("nvidia", "V100", 8)),
        ("Standard_ND96asr_v4", ("nvidia", "A100", 8)),
        ("Standard_ND96amsr_A100_v4", ("nvidia", "A100-80GB", 8)),
        ("Standard_ND96isr_H100_v5", ("nvidia", "H100", 8)),
        ("Standard_ND96isr_H200_v5", ("nvidia", "H200", 8)),
        ("Standard_ND96isr_MI300X_v5", ("amd", "MI300X", 8)),
        ("Standard_ND128isr_NDR_GB200_v6", ("nvidia", "GB200", 4)),
        ("Standard_ND24s", ("nvidia", "P40", 4)),
        ("Standard_NV12s_v3", ("nvidia", "M60", 1)),
        ("Standard_NV36ads_A10_v5", ("nvidia", "A10", 1)),
        ("Standard_NV6ads_A10_v5", ("nvidia", "A10", 1)),  # a sixth of a GPU still counts 1
        ("Standard_NV72ads_A10_v5", ("nvidia", "A10", 2)),
        ("Standard_NV16as_v4", ("amd", "MI25", 1)),
        ("Standard_NG32ads_V620_v1", ("amd", "Radeon Pro V620", 1)),
        ("Standard_NP20s", ("xilinx", "U250", 2)),
        # as Azure ML returns vmSize, upper case
        ("STANDARD_NC6S_V3", ("nvidia", "V100", 1)),
        # a size the table does not hold: the name still tells vendor and model, count unknown
        ("Standard_NC320ads_H100_v9", ("nvidia", "H100", 0)),
        ("Standard_ND12s_v9", ("nvidia", None, 0)),
    ],
)
def test_gpu_sizes(size: str, expected: tuple[str, str | None, int]) -> None:
    assert azure_vm_accelerator(size) == Accelerator(*expected)
    assert instance_accelerator(size) == Accelerator(*expected)


@pytest.mark.parametrize(
    "size",
    [
        "Standard_D4s_v3",
        "Standard_E64s_v5",
        "Standard_DS3_v2",
        "Standard_HB120rs_v3",
        "Standard_G5",
        "NC6s_v3",
        "",
    ],
)
def test_sizes_without_accelerators(size: str) -> None:
    assert azure_vm_accelerator(size) is None


def test_the_ec2_table_is_unchanged() -> None:
    assert instance_accelerator("ml.p4d.24xlarge") == Accelerator("nvidia", "A100", 8)
