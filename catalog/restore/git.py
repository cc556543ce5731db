"""Committing a restore plan to a new branch of the team's repository, for review.

The commit is made in a temporary worktree, so the user's checkout, index and
stash are never touched; the branch must not exist yet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from catalog.errors import CairnError
from catalog.restore.output import write_plan_files


def commit_plan(
    repository: Path, branch: str, folder: str, files: dict[str, str], message: str
) -> str:
    """Commit `files` under `folder` on a new `branch`; returns the commit id."""
    if shutil.which("git") is None:
        raise CairnError("git is not installed: cannot use --git")
    if not repository.is_dir():
        raise CairnError(f"{repository} is not a directory")
    _git(repository, "rev-parse", "--git-dir", what=f"{repository} is not a git repository")
    if _succeeds(repository, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"):
        raise CairnError(f"branch {branch} already exists in {repository}: choose another")
    _git(repository, "check-ref-format", "--branch", branch, what=f"invalid branch name {branch}")
    with tempfile.TemporaryDirectory(prefix="cairn-restore-") as scratch:
        worktree = Path(scratch) / "worktree"
        start = "HEAD" if _succeeds(repository, "rev-parse", "--verify", "HEAD") else None
        _git(repository, "worktree", "add", "--quiet", *_new_branch(branch, start), str(worktree))
        try:
            write_plan_files(files, worktree / folder, force=False)
            _git(worktree, "add", "--", folder)
            _git(worktree, "commit", "--quiet", "-m", message, env=_identity(worktree))
            return _git(worktree, "rev-parse", "HEAD").strip()
        finally:
            _git(repository, "worktree", "remove", "--force", str(worktree))


def _new_branch(branch: str, start: str | None) -> list[str]:
    # An empty repository has no HEAD to branch from: start an orphan branch.
    return ["-b", branch] if start else ["--orphan", branch]


def _identity(worktree: Path) -> dict[str, str]:
    """The repository's own author if configured; else one naming Cairn."""
    environment = dict(os.environ)
    if not _succeeds(worktree, "config", "user.email"):
        environment.setdefault("GIT_AUTHOR_NAME", "cairn")
        environment.setdefault("GIT_AUTHOR_EMAIL", "cairn@localhost")
        environment.setdefault("GIT_COMMITTER_NAME", "cairn")
        environment.setdefault("GIT_COMMITTER_EMAIL", "cairn@localhost")
    return environment


def _git(cwd: Path, *argv: str, what: str | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        ["git", *argv], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["failed"])[-1]
        raise CairnError(what or f"git {argv[0]} failed: {detail}")
    return result.stdout


def _succeeds(cwd: Path, *argv: str) -> bool:
    return subprocess.run(["git", *argv], cwd=cwd, capture_output=True, check=False).returncode == 0
