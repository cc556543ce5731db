"""The HCL writer: strings from the cloud stay literal text, layout is terraform fmt's."""

from __future__ import annotations

import os
import shutil
import subprocess

import hcl2
import pytest

from catalog.restore.hcl import Block, Expr, JsonEncode, quote, render
from catalog.restore.naming import Names, sanitize

TRICKY = 'a "quoted" ${var.secret} %{ if true }x%{ endif }\\ back\nnew line\ttab é'


def test_template_sequences_and_quotes_are_escaped():
    literal = quote(TRICKY)
    assert "${var" not in literal.replace("$${", "") and "%{ if" not in literal.replace("%%{", "")
    assert literal.startswith('"') and literal.endswith('"') and "\n" not in literal
    parsed = hcl2.loads(render([Block("locals", attributes={"value": TRICKY})]))
    assert parsed["locals"][0]["value"] == literal


def test_names_are_identifiers_unique_per_type():
    names = Names()
    assert [names.claim("aws_vpc", "App VPC"), names.claim("aws_vpc", "app-vpc")] == [
        "app_vpc",
        "app_vpc_2",
    ]
    assert names.claim("aws_subnet", "app-vpc") == "app_vpc"
    assert sanitize("10.0.0.0/16") == "r_10_0_0_0_16" and sanitize("---") == "resource"


def document() -> list[Block]:
    rule = Block("ingress", attributes={"from_port": 443, "cidr_blocks": ["0.0.0.0/0"]})
    return [
        Block(
            "resource",
            ("aws_iam_role_policy", "x"),
            {
                "role": Expr("aws_iam_role.app.id"),
                "policy": JsonEncode(
                    {"Statement": [{"Effect": "Allow", "Condition": {"aws:SourceArn": TRICKY}}]}
                ),
                "short": 1,
                "much_longer_name": [1, 2],
                "tags": {"Name": TRICKY, "aws:reserved": "x"},
                "empty": {},
            },
            [rule],
            comment="from a snapshot",
        )
    ]


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not installed here")
def test_output_is_what_terraform_fmt_writes(tmp_path):
    path = tmp_path / "main.tf"
    path.write_text(render(document()))
    result = subprocess.run(
        ["terraform", "fmt", "-check", "-diff", "-no-color", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "TF_CLI_CONFIG_FILE": os.devnull},
    )
    assert result.returncode == 0, result.stdout


def test_output_parses_and_keeps_its_structure():
    parsed = hcl2.loads(render(document()))
    body = parsed["resource"][0]['"aws_iam_role_policy"']['"x"']
    assert body["role"] == "${aws_iam_role.app.id}"
    assert body["ingress"][0]["from_port"] == 443
    assert body["tags"]['"aws:reserved"'] == '"x"'
