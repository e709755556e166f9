"""What to read from AWS, and how hard to try."""

from __future__ import annotations

from dataclasses import dataclass

ALL_REGIONS = "all"
SERVICES = ("sagemaker", "bedrock", "ec2")


@dataclass(frozen=True)
class AwsSettings:
    regions: tuple[str, ...] = ()  # empty: the configured default region; ("all",): every enabled one
    profile: str | None = None  # else AWS_PROFILE / the default credential chain
    accounts: tuple[str, ...] = ()  # account ids reached by assuming role_arn_template in each
    role_arn_template: str = "arn:aws:iam::{account}:role/MlgovReadOnly"
    external_id: str | None = None
    services: tuple[str, ...] = SERVICES
    workers: int = 8  # threads across (account, region, service) units
    max_attempts: int = 5  # botocore "standard" retry mode, throttling included
    timeout: float = 30.0  # seconds, per connection and per read
