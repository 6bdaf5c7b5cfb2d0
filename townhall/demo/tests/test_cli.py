"""`townhall demo` as someone trying Townhall runs it: a real process on a fresh site."""

import subprocess

import pytest

from townhall.core.tests.isolated import ROOT, TOWNHALL, isolated_site
from townhall.demo.load import demo_needed


def test_an_empty_site_needs_the_demo_and_one_with_people_does_not(db, make_user):
    assert demo_needed()
    make_user("rut")
    assert not demo_needed()


@pytest.mark.slow
def test_townhall_demo_loads_everything_on_a_fresh_site_and_only_once(tmp_path):
    with isolated_site(tmp_path / "data", "th_demo") as env:
        first = subprocess.run(
            [*TOWNHALL, "demo"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
        )
        assert first.returncode == 0, first.stderr
        assert "36 groups (12 public, 12 private, 12 secret)" in first.stdout
        assert "posts (" in first.stdout and "comments" in first.stdout
        assert "follows between people" in first.stdout
        assert "ada@northwind.example / townhall-demo" in first.stdout

        again = subprocess.run(
            [*TOWNHALL, "demo"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
        )
        assert again.returncode == 0, again.stderr
        assert "already loaded" in again.stdout
        assert "groups" not in again.stdout
