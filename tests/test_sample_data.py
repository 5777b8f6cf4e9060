"""The synthetic sample datasets are reproducible from scripts/make_sample_data.py."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import REPO


def test_regenerating_sample_data_reproduces_committed_files(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(REPO / "releases", copy / "releases")
    shutil.copytree(REPO / "scripts", copy / "scripts")
    for path in (copy / "releases").rglob("*.csv"):
        if path.parent.name in ("lions-terrorism-cases", "ciudad-juarez-waitlist"):
            path.write_text("stale\n")
    subprocess.run([sys.executable, "scripts/make_sample_data.py"], cwd=copy, check=True, capture_output=True)
    for name in ("lions-terrorism-cases/cases.csv", "ciudad-juarez-waitlist/waitlist.csv"):
        assert (copy / "releases" / name).read_bytes() == (REPO / "releases" / name).read_bytes(), name


def test_regenerating_sample_documents_reproduces_committed_pdfs(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(REPO / "releases", copy / "releases")
    shutil.copytree(REPO / "scripts", copy / "scripts")
    committed = sorted((REPO / "releases/aol-exhibits-production").glob("*.pdf"))
    assert len(committed) == 5
    for path in committed:
        (copy / "releases/aol-exhibits-production" / path.name).write_bytes(b"stale")
    subprocess.run([sys.executable, "scripts/make_sample_documents.py"], cwd=copy, check=True, capture_output=True)
    for path in committed:
        assert (copy / "releases/aol-exhibits-production" / path.name).read_bytes() == path.read_bytes(), path.name
