"""Committing a restore plan to a new branch of the team's repository, for review.

The commit is built with git's plumbing (blobs, a private index, a tree, a
commit, then the branch created only if it does not exist), so the user's
checkout, index and stash are never touched, and an empty repository (no
commit yet) works with any git version.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from catalog.errors import CairnError

MUST_NOT_EXIST = ""  # update-ref's old value for "create, never overwrite"


def commit_plan(
    repository: Path, branch: str, folder: str, files: dict[str, str], message: str
) -> str:
    """Commit `files` under `folder` on a new `branch` (from HEAD, or a first commit in
    an empty repository); returns the commit id."""
    if shutil.which("git") is None:
        raise CairnError("git is not installed: cannot use --git")
    if not repository.is_dir():
        raise CairnError(f"{repository} is not a directory")
    _git(repository, "rev-parse", "--git-dir", what=f"{repository} is not a git repository")
    _git(repository, "check-ref-format", "--branch", branch, what=f"invalid branch name {branch}")
    if _succeeds(repository, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"):
        raise CairnError(f"branch {branch} already exists in {repository}: choose another")
    head = _git(repository, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip()
    if head and _git(repository, "ls-tree", "HEAD", "--", folder).strip():
        raise CairnError(f"{folder} already exists on HEAD of {repository}: remove it first")
    with tempfile.TemporaryDirectory(prefix="cairn-restore-") as scratch:
        index = {**os.environ, "GIT_INDEX_FILE": str(Path(scratch) / "index")}
        if head:
            _git(repository, "read-tree", head, env=index)
        for name, text in sorted(files.items()):
            blob = _git(repository, "hash-object", "-w", "--stdin", stdin=text).strip()
            _git(repository, "update-index", "--add", "--cacheinfo",
                 f"100644,{blob},{folder}/{name}", env=index)  # fmt: skip
        tree = _git(repository, "write-tree", env=index).strip()
    parents = ["-p", head] if head else []
    commit = _git(
        repository, "commit-tree", tree, *parents, "-m", message, env=_identity(repository)
    ).strip()
    _git(
        repository, "update-ref", f"refs/heads/{branch}", commit, MUST_NOT_EXIST,
        what=f"branch {branch} was created in {repository} meanwhile: choose another",
    )  # fmt: skip
    return commit


def _identity(repository: Path) -> dict[str, str]:
    """The repository's own author if configured; else one naming Cairn."""
    environment = dict(os.environ)
    if not _succeeds(repository, "config", "user.email"):
        environment.setdefault("GIT_AUTHOR_NAME", "cairn")
        environment.setdefault("GIT_AUTHOR_EMAIL", "cairn@localhost")
        environment.setdefault("GIT_COMMITTER_NAME", "cairn")
        environment.setdefault("GIT_COMMITTER_EMAIL", "cairn@localhost")
    return environment


def _git(
    cwd: Path,
    *argv: str,
    what: str | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    check: bool = True,
) -> str:
    result = subprocess.run(
        ["git", *argv], cwd=cwd, input=stdin, capture_output=True, text=True, env=env, check=False
    )
    if check and result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["failed"])[-1]
        raise CairnError(what or f"git {argv[0]} failed: {detail}")
    return result.stdout


def _succeeds(cwd: Path, *argv: str) -> bool:
    return subprocess.run(["git", *argv], cwd=cwd, capture_output=True, check=False).returncode == 0
