"""The files a site copies for its CI and its commits: valid, and running commands that exist."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL_SITE_YAML, REPO, product, write_tree
from ocop_site.cli_parser import make_parser

WORKFLOWS = [REPO / "docs" / "ci" / "github-pages.yml", REPO / "docs" / "ci" / "gitlab-pages.yml"]
REPOSITORY = "https://github.com/ocop-site/ocop-site"
"""Where ocop-site is installed from (it is not on PyPI): the repository the guides give pre-commit."""


def _commands(data: object) -> list[str]:
    """Every shell command of a workflow: GitHub's 'run' steps, GitLab's 'script' lines."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "run" and isinstance(value, str):
                found.append(value)
            elif key == "script" and isinstance(value, list):
                found += [str(line) for line in value]
            else:
                found += _commands(value)
    elif isinstance(data, list):
        for item in data:
            found += _commands(item)
    return found


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_a_ci_workflow_is_valid_and_runs_commands_that_exist(workflow):
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    commands = _commands(data)
    ours = [c for c in commands if c.startswith("ocop-site ")]
    assert any(c.startswith("ocop-site check") for c in ours) and any(c.startswith("ocop-site build") for c in ours)
    for command in ours:
        make_parser().parse_args(shlex.split(command)[1:])  # an unknown option would exit here
    assert all(c.startswith(("ocop-site ", "pip install ")) for c in commands), commands


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_a_ci_workflow_installs_ocop_site_from_its_repository_at_a_pinned_revision(workflow):
    """A tag (this version's, as the guides' pre-commit rev) or a full commit: never a branch,
    which would change under the site, and never PyPI, where ocop-site is not published."""
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    installs = [shlex.split(c) for c in _commands(yaml.safe_load(workflow.read_text(encoding="utf-8")))
                if c.startswith("pip install ")]
    assert installs
    for words in installs:
        assert len(words) == 3, words
        found = re.fullmatch(rf"ocop-site @ git\+{re.escape(REPOSITORY)}@(?P<rev>[^@/#]+)", words[2])
        assert found, words[2]
        assert found["rev"] == f"v{version}" or re.fullmatch("[0-9a-f]{40}", found["rev"]), found["rev"]


def test_the_github_workflow_publishes_only_from_main():
    data = yaml.safe_load(WORKFLOWS[0].read_text(encoding="utf-8"))
    assert set(data["jobs"]) == {"build", "deploy"}
    assert data["jobs"]["deploy"]["if"] == "github.ref == 'refs/heads/main'"
    assert data["jobs"]["deploy"]["needs"] == "build"


def test_the_pre_commit_hook_definition_runs_check():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["ocop-site-check"]
    assert hooks[0]["entry"] == "ocop-site check" and hooks[0]["pass_filenames"] is False


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin", "HOME": str(cwd)})


def test_the_pre_commit_hook_fails_a_commit_of_a_broken_product(tmp_path):
    """With the pre-commit framework, as a site would use it: the hook installs ocop-site from
    this repository into its own environment and runs check."""
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
    assert Path(pre_commit).exists(), "pre-commit is in the test extras"
    site = write_tree(tmp_path / "site", {"site.yaml": MINIMAL_SITE_YAML,
                                           "content/products/mat-ong.md": product("Mật ong", stars=7)})
    _git(site, "init", "-q")
    _git(site, "add", "-A")
    result = subprocess.run([pre_commit, "try-repo", str(REPO), "ocop-site-check", "--all-files"], cwd=site,
                            capture_output=True, text=True, timeout=900,
                            env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
                                 "HOME": str(tmp_path), "PRE_COMMIT_HOME": str(tmp_path / "cache")})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/products/mat-ong.md:5: error: stars must be 3, 4 or 5 (OCOP certifies only these), not 7" \
        in result.stdout


def test_ci_runs_the_readme_commands_exactly():
    readme = (REPO / "README.md").read_text(encoding="utf-8").split("```sh\n", 1)[1].split("```", 1)[0]
    install, test = readme.strip().splitlines()
    assert install.endswith("pip install . && ocop-site build")
    assert test.endswith("pip install '.[test]' && python -m pytest -q")
    assert test in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
