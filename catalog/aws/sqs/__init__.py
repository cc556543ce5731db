"""SQS: queues (queue.py), and the dead-letter queue a queue or a subscription redrives to.

A function's dead-letter target names queues too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from catalog.aws.spec import Ref

if TYPE_CHECKING:
    from catalog.restore.emit import Emit
    from catalog.restore.hcl import JsonEncode

QUEUE = "AWS::SQS::Queue"
# A queue's and an SNS subscription's RedrivePolicy have the same shape.
DEAD_LETTER = Ref("RedrivePolicy.deadLetterTargetArn", QUEUE, "dead-letter")


def redrive(ctx: Emit) -> JsonEncode | None:
    """The asset's redrive policy, its dead-letter queue a reference to the restored one."""
    policy = ctx.properties.get("RedrivePolicy")
    if not policy:
        return None
    return ctx.json({**policy, "deadLetterTargetArn": ctx.ref(DEAD_LETTER, attribute="arn")})
