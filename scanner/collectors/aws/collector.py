"""AwsCollector: accounts x regions x services as units on a thread pool; partial failure is data.

Standard AWS configuration is honoured as boto3 reads it (AWS_PROFILE, AWS_DEFAULT_REGION,
AWS_ENDPOINT_URL, shared config files); other accounts are reached by assuming a role.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from scanner.collectors.aws import bedrock, ec2, sagemaker
from scanner.collectors.aws.errors import coverage_error
from scanner.collectors.aws.settings import ALL_REGIONS, AwsSettings
from scanner.collectors.aws.unit import Unit
from scanner.lazy import install_hint
from scanner.model import Coverage, CoverageError, CoverageStatus, Inventory, SourceType, UsageError
from scanner.normalize.inherit import inherit_from_parents
from scanner.normalize.resolve import ResolverConfig
from scanner.text import plural

Progress = Callable[[str], None]
READERS: dict[str, Callable[[Unit], None]] = {
    "sagemaker": sagemaker.read,
    "bedrock": bedrock.read,
    "ec2": ec2.read,
}


@dataclass(frozen=True)
class _Account:
    id: str
    session: Any


class AwsCollector:
    name = "aws"

    def __init__(
        self, settings: AwsSettings, resolver: ResolverConfig | None = None, progress: Progress | None = None
    ):
        unknown = sorted(set(settings.services) - set(READERS))
        if unknown:
            raise UsageError(
                f"unknown AWS service(s): {', '.join(unknown)}", hint=f"choose from {', '.join(READERS)}"
            )
        self.settings = settings
        self.resolver = resolver or ResolverConfig()
        self.progress = progress or (lambda _: None)

    def _config(self) -> Any:
        from botocore.config import Config  # noqa: PLC0415 - boto3 is only needed for --source aws

        s = self.settings
        return Config(
            retries={"mode": "standard", "max_attempts": s.max_attempts},
            connect_timeout=s.timeout,
            read_timeout=s.timeout,
            user_agent_extra="mlgov",
        )

    def collect(self) -> Inventory:
        try:
            import boto3  # noqa: PLC0415
        except ImportError as exc:  # pragma: no cover - boto3 is a dependency of the aws extra
            raise UsageError("--source aws needs boto3", hint=install_hint("aws")) from exc
        config = self._config()
        base = boto3.Session(profile_name=self.settings.profile)
        coverage: list[Coverage] = []
        accounts = self._accounts(base, config, coverage)
        units = [
            Unit(account.id, region, service, account.session, config, self.resolver)
            for account in accounts
            for region in self._regions(account, base, config, coverage)
            for service in self.settings.services
        ]
        self.progress(f"aws: reading {plural(len(units), 'unit')} (account x region x service)")
        with ThreadPoolExecutor(max_workers=max(1, self.settings.workers)) as pool:
            futures = [pool.submit(_run, u) for u in units]
            for done, _ in enumerate(as_completed(futures), 1):
                if done % 10 == 0 or done == len(futures):
                    self.progress(f"aws: {done}/{plural(len(futures), 'unit')} read")
        assets = [a for u in units for a in u.assets]
        for unit in units:
            status = CoverageStatus.OK
            if unit.errors:
                status = CoverageStatus.FAILED if len(unit.errors) >= unit.steps else CoverageStatus.PARTIAL
            coverage.append(Coverage("aws", unit.scope, status, len(unit.assets), tuple(unit.errors)))
        return Inventory(
            assets=tuple(inherit_from_parents(assets)),
            coverage=tuple(coverage),
            sources=(SourceType.AWS.value,),
        )

    def _accounts(self, base: Any, config: Any, coverage: list[Coverage]) -> Sequence[_Account]:
        if not self.settings.accounts:
            try:
                identity = base.client("sts", config=config).get_caller_identity()
            except Exception as exc:
                coverage.append(self._failed("-/-/sts", coverage_error(exc, "sts:GetCallerIdentity")))
                return []
            return [_Account(str(identity["Account"]), base)]
        accounts = []
        sts = base.client("sts", config=config)
        for account_id in self.settings.accounts:
            role = self.settings.role_arn_template.format(account=account_id)
            extra = {"ExternalId": self.settings.external_id} if self.settings.external_id else {}
            try:
                creds = sts.assume_role(RoleArn=role, RoleSessionName="mlgov-scan", **extra)["Credentials"]
            except Exception as exc:
                coverage.append(
                    self._failed(f"{account_id}/-/sts", coverage_error(exc, f"sts:AssumeRole {role}"))
                )
                continue
            import boto3  # noqa: PLC0415

            session = boto3.Session(
                aws_access_key_id=creds["AccessKeyId"],
                aws_secret_access_key=creds["SecretAccessKey"],
                aws_session_token=creds["SessionToken"],
            )
            accounts.append(_Account(account_id, session))
        return accounts

    def _regions(self, account: _Account, base: Any, config: Any, coverage: list[Coverage]) -> Sequence[str]:
        wanted = self.settings.regions
        if wanted and wanted != (ALL_REGIONS,):
            return wanted
        if not wanted:
            return [base.region_name or "us-east-1"]
        try:
            ec2 = account.session.client("ec2", region_name=base.region_name or "us-east-1", config=config)
            regions = ec2.describe_regions(
                Filters=[{"Name": "opt-in-status", "Values": ["opt-in-not-required", "opted-in"]}]
            )["Regions"]
        except Exception as exc:
            coverage.append(self._failed(f"{account.id}/-/ec2", coverage_error(exc, "ec2:DescribeRegions")))
            return []
        return sorted(r["RegionName"] for r in regions)

    @staticmethod
    def _failed(scope: str, error: CoverageError) -> Coverage:
        return Coverage("aws", scope, CoverageStatus.FAILED, 0, (error,))


def _run(unit: Unit) -> None:
    """A reader's own failure (before any step) is the unit's failure, not a lost exception."""
    try:
        READERS[unit.service](unit)
    except Exception as exc:
        unit.steps += 1
        unit.errors.append(coverage_error(exc, unit.scope))
