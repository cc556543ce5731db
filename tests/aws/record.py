"""Record a type's crawl for its test: `python -m tests.aws.record tests.aws.ec2.test_subnet`.

The test module says what to record: `DECLARATION` (the type), `build()` (makes the
resources, with boto3), `RECORDING` (the file beside it), and optionally `WITH` (the
types its references point at, recorded alongside so the plan holds them) and `REGIONS`.
Runs against AWS_ENDPOINT_URL, a moto server (`python -m moto.server -p 5990`), which
is reset first so the recording holds only what `build()` made; see recording.py.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import urllib.request
from typing import Any

from catalog.aws.crawler import plan
from catalog.aws.session import AwsAccount
from catalog.aws.spec import ResourceType
from tests.aws.recording import Call, Recording, encode


def record(declarations: list[ResourceType], regions: list[str]) -> Recording:
    account = AwsAccount.connect()
    calls: list[Call] = []

    def keep_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["cairn_params"] = encode(dict(params))

    def keep_response(
        parsed: dict[str, Any], model: Any, context: dict[str, Any], **_: Any
    ) -> None:
        calls.append(
            Call(
                service=model.service_model.service_name,
                region=context["client_region"],
                operation=model.name,
                params=context.get("cairn_params", {}),
                response=encode(parsed),
            )
        )

    # Clients copy the session's handlers when they are made, which is after this.
    # The parameters as the crawl passed them, before botocore's own handlers rewrite them
    # (Route 53's strip `/hostedzone/` from an Id): the replay compares those.
    account.session.events.register("provide-client-params", keep_params)
    account.session.events.register("after-call", keep_response)
    by_type: dict[str, tuple[Call, ...]] = {}
    for declaration in declarations:
        for task in plan(account, regions, [declaration]):
            list(task.resource_type.collect(task.scope))
        by_type[declaration.name] = tuple(calls)
        calls.clear()
    return Recording(account.account_id, tuple(regions), by_type)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("module", help="the type's test module, e.g. tests.aws.ec2.test_subnet")
    test = importlib.import_module(parser.parse_args().module)
    endpoint = os.environ["AWS_ENDPOINT_URL"]
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
    test.build()
    declarations = [test.DECLARATION, *getattr(test, "WITH", ())]
    recording = record(declarations, list(getattr(test, "REGIONS", ["us-east-1"])))
    test.RECORDING.write_text(json.dumps(recording.document(), indent=1, sort_keys=True) + "\n")
    calls = sum(len(calls) for calls in recording.calls.values())
    print(f"{calls} calls recorded in {test.RECORDING}")


if __name__ == "__main__":
    main()
