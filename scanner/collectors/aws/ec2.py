"""EC2: running instances whose type has GPUs, Neuron or inference accelerators, decided from
DescribeInstanceTypes (cached per region), never from a name list."""

from __future__ import annotations

from typing import Any

from scanner.collectors.aws.unit import Unit, paginate
from scanner.model import Accelerator
from scanner.normalize import aws as normalize


def accelerator_of(info: dict[str, Any]) -> Accelerator | None:
    gpus = (info.get("GpuInfo") or {}).get("Gpus") or []
    if gpus:
        return Accelerator(
            vendor=str(gpus[0].get("Manufacturer", "gpu")).lower(),
            model=gpus[0].get("Name"),
            count=sum(int(g.get("Count", 0)) for g in gpus),
        )
    neuron = (info.get("NeuronInfo") or {}).get("NeuronDevices") or []
    if neuron:
        return Accelerator("aws", neuron[0].get("Name"), sum(int(d.get("Count", 0)) for d in neuron))
    inference = (info.get("InferenceAcceleratorInfo") or {}).get("Accelerators") or []
    if inference:
        return Accelerator(
            str(inference[0].get("Manufacturer", "aws")).lower(),
            inference[0].get("Name"),
            sum(int(a.get("Count", 0)) for a in inference),
        )
    return None


def read(unit: Unit) -> None:
    ec2 = unit.client("ec2")

    def instances() -> None:
        running = [
            instance
            for reservation in paginate(
                ec2,
                "describe_instances",
                "Reservations",
                Filters=[{"Name": "instance-state-name", "Values": ["running"]}],
            )
            for instance in reservation.get("Instances", [])
        ]
        types = sorted({i["InstanceType"] for i in running})
        accelerators: dict[str, Accelerator | None] = {}
        for start in range(0, len(types), 100):  # DescribeInstanceTypes takes up to 100 names
            for info in ec2.describe_instance_types(InstanceTypes=types[start : start + 100])[
                "InstanceTypes"
            ]:
                accelerators[info["InstanceType"]] = accelerator_of(info)
        for instance in running:
            accelerator = accelerators.get(instance["InstanceType"])
            if accelerator is None:
                continue
            arn = f"arn:aws:ec2:{unit.region}:{unit.account}:instance/{instance['InstanceId']}"
            unit.assets.append(normalize.ec2_instance(instance, arn, accelerator, unit.resolver))

    unit.step("DescribeInstances", instances)
