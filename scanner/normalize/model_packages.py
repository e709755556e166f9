"""SageMaker model package references, as a model's container names them (``ModelPackageName``
live, ``model_package_name`` in a plan): shared by the AWS and the Terraform normalizers.

Two shapes, both kept as the model's reference to where it comes from:

- versioned, in a package group: ``arn:aws:sagemaker:REGION:ACCOUNT:model-package/GROUP/N``.
  The model is version N of GROUP; the group is its parent;
- unversioned: ``arn:aws:sagemaker:REGION:ACCOUNT:model-package/NAME`` (SageMaker JumpStart
  packages, published by account ``aws``; AWS Marketplace packages, by their seller), or a bare
  package NAME in the model's own account. No version and no parent: an unversioned package is
  one package, not a line of versions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.model import RegistryRef

_ARN = re.compile(r"arn:(aws[a-z-]*):sagemaker:([^:]*):([^:]*):model-package/([^/]+)(?:/(\d+))?")
_NAME = re.compile(r"[A-Za-z0-9](?:-*[A-Za-z0-9])*")  # SageMaker's own pattern for a package name


@dataclass(frozen=True)
class ModelPackage:
    name: str  # the group of a versioned package, else the package's own name
    version: str | None
    arn: str | None  # None for a bare name
    group_arn: str | None  # the package group of a versioned package

    def reference(self, via: str) -> RegistryRef:
        return RegistryRef(name=self.name, version=self.version, uri=self.arn, via=via)


def package_reference(value: str | None) -> ModelPackage | None:
    """The package a ``ModelPackageName`` names, or None when it names none we can read."""
    text = (value or "").strip()
    match = _ARN.fullmatch(text)
    if match:
        partition, region, account, name, version = match.groups()
        group = (
            f"arn:{partition}:sagemaker:{region}:{account}:model-package-group/{name}" if version else None
        )
        return ModelPackage(name=name, version=version, arn=text, group_arn=group if version else None)
    if _NAME.fullmatch(text) and len(text) <= 63:
        return ModelPackage(name=text, version=None, arn=None, group_arn=None)
    return None
