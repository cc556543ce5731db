"""A local moto server standing in for an AWS account, for `cairn demo` only."""

from __future__ import annotations

import logging
import os
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from catalog.demo.stack.compute import API_TASKS
from catalog.errors import CairnError

# What the boto3 chain reads; the demo points it at moto and puts it back afterwards.
# moto runs no containers: it reports the service's tasks running, so the drill's
# services-stable gate sees what a healthy deployment shows.
DEMO_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "demo",
    "AWS_SECRET_ACCESS_KEY": "demo",
    "AWS_DEFAULT_REGION": "us-east-1",
    "MOTO_ECS_SERVICE_RUNNING": str(API_TASKS),
}
CLEARED = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION")


@contextmanager
def local_aws() -> Iterator[str]:
    """Run moto in server mode on 127.0.0.1 and point boto3 at it; yields the endpoint.

    The user's own AWS settings are set aside meanwhile, so nothing the demo
    does can reach a real account, and restored afterwards.
    """
    try:
        import moto.settings
        from moto.server import ThreadedMotoServer
    except ImportError:
        raise CairnError(
            "the demo needs moto: pip install 'cairn[demo]' (tools/setup.sh installs it)"
        ) from None
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    # moto keeps its accounts per process: an earlier demo in this process left one.
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
    names = (*DEMO_ENVIRONMENT, *CLEARED, "AWS_ENDPOINT_URL")
    saved = {name: os.environ.get(name) for name in names}
    # Certificates are issued at once, as DNS validation would in minutes: the drill's
    # traffic gate waits for them.
    validation_wait, moto.settings.ACM_VALIDATION_WAIT = moto.settings.ACM_VALIDATION_WAIT, 0
    try:
        for name in CLEARED:
            os.environ.pop(name, None)
        os.environ.update({**DEMO_ENVIRONMENT, "AWS_ENDPOINT_URL": endpoint})
        yield endpoint
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        moto.settings.ACM_VALIDATION_WAIT = validation_wait
        server.stop()
