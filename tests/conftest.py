"""Shared fixtures: a minimal valid reading room that each test copies and breaks in one way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from generator.config import RoomConfig
from generator.errors import ContentErrors
from generator.room import ReadingRoom, load_room

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent

# How a fixture release.yml's "status: approved" is rewritten to leave the release unpublished, by state.
UNPUBLISHED = {"draft": "status: draft", "embargoed": "status: approved\n  embargo_until: 2999-01-01"}

# No property test may fail because the machine is busy: no deadline for any example, wherever it is set.
settings.register_profile("reading-room", deadline=None)
settings.load_profile("reading-room")


class Room:
    """A temporary copy of a fixture reading room, with helpers to edit it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.release = root / "releases" / "test-release"

    def path(self, relative: str) -> Path:
        return self.root / relative

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.path(relative)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture edit: {old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def load(self, **overrides: object) -> ReadingRoom:
        return load_room(RoomConfig.at(self.root, **overrides))

    def errors(self) -> list[str]:
        """The content errors loading raises, as strings; fails the test if loading succeeds."""
        with pytest.raises(ContentErrors) as caught:
            self.load()
        return [str(error) for error in caught.value.errors]


@pytest.fixture
def room(tmp_path: Path) -> Room:
    root = tmp_path / "room"
    shutil.copytree(FIXTURES / "minimal", root)
    return Room(root)


@pytest.fixture
def site_room(room: Room) -> Room:
    """The fixture room with the repository's mkdocs.yml, ready for `mkdocs build`."""
    shutil.copy(REPO / "mkdocs.yml", room.root / "mkdocs.yml")
    room.write("content/about.md", "# About\n")
    return room


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample reading room (this repository's content) built once per test process; tests only read it
    (a test that changes a file changes a copy)."""
    from sitebuild import mkdocs_build

    site = tmp_path_factory.mktemp("sample-site")
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site
