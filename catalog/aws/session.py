"""AWS sessions and clients: the standard boto3 chain, adaptive retries, one client per region."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, ProfileNotFound
from botocore.parsers import ResponseParserError

from catalog.aws.failure import failure_reason
from catalog.errors import CairnError

# IAM and Route 53 are global; their endpoints live in us-east-1.
GLOBAL_SERVICE_REGION = "us-east-1"


class AwsUnavailable(CairnError):
    """No credentials, an unknown profile, or an account that cannot be identified."""


@dataclass
class AwsAccount:
    """One account reached through a boto3 session. Create clients from one thread only:
    sessions are not thread-safe, the clients they make are."""

    session: boto3.Session
    account_id: str
    config: Config
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)

    @classmethod
    def connect(cls, profile: str | None = None, max_connections: int = 10) -> AwsAccount:
        try:
            session = boto3.Session(profile_name=profile)
        except ProfileNotFound as error:
            raise AwsUnavailable(str(error)) from None
        config = Config(
            retries={"mode": "adaptive", "max_attempts": 10},
            max_pool_connections=max_connections,
        )
        try:
            # Fail fast on a wrong endpoint or credentials: the crawl's own calls retry.
            identity_config = config.merge(Config(retries={"mode": "standard", "max_attempts": 2}))
            sts = session.client(
                "sts",
                config=identity_config,
                region_name=session.region_name or GLOBAL_SERVICE_REGION,
            )
            account_id = sts.get_caller_identity()["Account"]
        except NoCredentialsError:
            raise AwsUnavailable(
                "no AWS credentials found (set AWS_PROFILE, pass --profile, or configure the "
                "standard boto3 chain)"
            ) from None
        except (ClientError, BotoCoreError, ResponseParserError) as error:
            # An endpoint that answers with a web page (a wrong AWS_ENDPOINT_URL, a proxy)
            # puts the page in the error's text; botocore's own errors are one sentence.
            reason = str(error) if isinstance(error, BotoCoreError) else failure_reason(error)
            raise AwsUnavailable(f"cannot identify the AWS account: {reason}") from None
        return cls(session, account_id, config)

    @property
    def default_region(self) -> str | None:
        return self.session.region_name

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = self.session.client(
                service, region_name=region, config=self.config
            )
        return self._clients[key]
