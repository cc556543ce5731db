"""`cairn drift`: will the next `terraform apply` revert what runs? A CI gate before it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from catalog.cli.options import AtOption, JsonOption, opened_store
from catalog.cli.output import console, emit, short
from catalog.drift.check import check_drift
from catalog.drift.configuration import read_configuration
from catalog.drift.patch import write_patch
from catalog.drift.state import load_state
from catalog.snapshots import time_of

EXIT_DRIFT = 2  # 0: no drift, 1: an error, 2: drift (a CI gate before terraform apply)


def register(app: typer.Typer) -> None:
    app.command("drift")(drift_command)


def drift_command(
    application: str = typer.Argument(..., metavar="APP"),
    tfstate: str = typer.Option(
        ..., "--tfstate", help="terraform.tfstate (format 4): a path or s3://BUCKET/KEY."
    ),
    tf_dir: Path | None = typer.Option(
        None, "--tf-dir", help="The configuration behind the state (settles inline_policy)."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Write Terraform codifying what runs but is declared nowhere."
    ),
    max_state_bytes: int | None = typer.Option(
        None,
        "--max-state-bytes",
        help="Refuse a larger state (default: CAIRN_MAX_STATE_BYTES, else 100 MiB).",
    ),
    at: str | None = AtOption,
    json: bool = JsonOption,
) -> None:
    """Compare an application as the catalog saw it with its declared Terraform state.

    Exit 0 without drift, 2 with drift, 1 on errors."""
    state = load_state(tfstate, max_state_bytes)
    configuration = read_configuration(tf_dir) if tf_dir is not None else None
    with opened_store() as store:
        report = check_drift(store, application, state, time_of(store, at), configuration)
    document = report.document()
    if out is not None:
        document["patch"] = {"out": str(out), "files": write_patch(report, out)}
    emit(document, json, _render)
    if report.drifted:
        raise typer.Exit(EXIT_DRIFT)


def _render(doc: dict[str, Any]) -> None:
    findings = doc["findings"]
    _line(
        f"drift of {doc['application']} at {doc['at']} against {doc['tfstate']['source']}: "
        f"{len(findings)} findings, {doc['matched']} state resources matched"
    )
    if findings:
        _line(f"  {'kind':<13} {'apply would':<11} {'address':<50} attribute")
        for finding in findings:
            _line(
                f"  {finding['kind']:<13} {finding['action']:<11} "
                f"{short(finding['address'], 50):<50} {finding['attribute'] or ''}"
            )
        for finding in findings:
            _line(f"- {finding['sentence']}")
    if doc["outside_application"]:
        _line(f"  {len(doc['outside_application'])} state resources outside the application")
    if doc["not_compared"]:
        _line(f"  {len(doc['not_compared'])} state resources of types not compared")
    if "patch" in doc:
        _line(f"  codification patch in {doc['patch']['out']}: {', '.join(doc['patch']['files'])}")


def _line(text: str) -> None:
    # Addresses and attributes hold brackets (`parameter[max_connections]`): not markup.
    console.print(text, markup=False)
