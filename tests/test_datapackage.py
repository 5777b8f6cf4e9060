"""A release's data package (Frictionless, validated by frictionless-py) and its zip, read back by the gate."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import REPO
from frictionless import validate
from sitebuild import gate_after_edit, gate_check, mkdocs_build

from generator import urls
from generator.config import RoomConfig
from generator.gate.bundles import bundle_problems
from generator.render.bundle import Member, write_bundle
from generator.render.published_files import WrittenFile
from generator.room import load_room

WITHHELD = "Maria Lopez-Diaz"


@pytest.fixture(scope="module")
def sample():
    return load_room(RoomConfig.at(REPO))


def package(site: Path, release_id: str) -> dict:
    return json.loads((site / urls.data_package(release_id)).read_text(encoding="utf-8"))


def test_every_sample_data_package_is_valid_for_frictionless(sample_site, sample, tmp_path):
    for release in sample.published:
        # A copy: frictionless reads the package's files relative to it, and the shared site stays untouched.
        folder = tmp_path / release.id
        shutil.copytree(sample_site / urls.release(release.id), folder)
        report = validate(folder / "datapackage.json")
        assert report.valid, (release.id, report.flatten(["type", "note"]))
        assert report.stats["tasks"] == len(release.datasets) + sum(d.file is not None for d in release.documents)


def test_a_package_describes_each_dataset_with_its_schema_hash_and_withholding(sample_site, sample):
    release = next(r for r in sample.published if r.id == "lions-terrorism-cases")
    data = package(sample_site, release.id)
    assert data["name"] == release.id and data["title"] == release.spec.title
    assert data["licenses"][0]["path"].startswith("https://")
    (resource,) = data["resources"]
    dataset = release.datasets[0]
    csv = sample_site / urls.download(release.id, dataset.spec.name)
    assert resource["path"] == f"{dataset.spec.name}.csv"
    assert resource["bytes"] == csv.stat().st_size
    assert resource["hash"] == "sha256:" + hashlib.sha256(csv.read_bytes()).hexdigest()
    fields = {field["name"]: field for field in resource["schema"]["fields"]}
    assert list(fields) == list(dataset.header)
    withheld = {rule.rule.column for rule in dataset.rules}
    assert withheld and {name for name, field in fields.items() if "withholding" in field} == withheld
    for rule in dataset.rules:
        # A withheld cell holds its marker: the package names it a missing value, so typed readers accept it.
        assert rule.basis.marker in resource["schema"]["missingValues"]
        described = fields[rule.rule.column]["withholding"]
        assert {"basis": rule.basis.code, "marker": rule.basis.marker}.items() <= described[0].items()


def test_a_package_lists_the_documents_as_resources_with_their_media_type(sample_site, sample):
    release = next(r for r in sample.published if r.documents)
    resources = {r["path"]: r for r in package(sample_site, release.id)["resources"]}
    for document in release.documents:
        if document.file is None:
            continue
        resource = resources[f"documents/{document.id}.pdf"]
        assert resource["mediatype"] == "application/pdf"
        assert resource["hash"] == f"sha256:{document.file.sha256}"


def test_each_release_zip_holds_its_files_and_their_sums(sample_site, sample):
    for release in sample.published:
        folder = sample_site / urls.release(release.id)
        with zipfile.ZipFile(sample_site / urls.bundle(release.id)) as archive:
            members = {info.filename.removeprefix(f"{release.id}/"): archive.read(info) for info in archive.infolist()}
        expected = {"datapackage.json", "SHA256SUMS"}
        expected |= {f"{d.spec.name}.{kind}" for d in release.datasets for kind in ("csv", "parquet", "xlsx")}
        expected |= {f"documents/{d.id}.pdf" for d in release.documents if d.file is not None}
        expected |= {"vaughn.csv"} if (folder / "vaughn.csv").exists() else set()
        assert set(members) == expected
        for name, data in members.items():
            if name != "SHA256SUMS":
                assert data == (folder / name).read_bytes(), name
        lines = members["SHA256SUMS"].decode().splitlines()
        listed = sorted((name, data) for name, data in members.items() if name != "SHA256SUMS")
        assert lines == [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in listed]


def test_the_release_page_and_api_list_the_zip_with_its_size_and_hash(sample_site, sample):
    release = sample.published[0]
    zip_bytes = (sample_site / urls.bundle(release.id)).read_bytes()
    sha256 = hashlib.sha256(zip_bytes).hexdigest()
    page = (sample_site / urls.release(release.id) / "index.html").read_text(encoding="utf-8")
    assert sha256 in page and f"{release.id}.zip" in page and "datapackage.json" in page
    api = json.loads((sample_site / f"api/releases/{release.id}.json").read_text(encoding="utf-8"))
    assert api["zip"] == {"url": urls.bundle(release.id), "bytes": len(zip_bytes), "sha256": sha256}


def test_writing_a_zip_twice_gives_the_same_bytes(tmp_path):
    source = tmp_path / "data.csv"
    source.write_bytes(b"a,b\r\n1,2\r\n")
    written = Member.of_file("data.csv", WrittenFile(source, source.stat().st_size, _sha(source.read_bytes())))
    members = [Member.of_bytes("datapackage.json", b"{}"), written]
    first = write_bundle(tmp_path / "one.zip", "r", members)
    second = write_bundle(tmp_path / "two.zip", "r", list(reversed(members)))
    assert first.sha256 == second.sha256
    with zipfile.ZipFile(first.path) as archive:
        assert [info.date_time for info in archive.infolist()] == [(1980, 1, 1, 0, 0, 0)] * 3


# The gate's reading of a zip, on zips made here: a clean one, then one per way to carry something else.


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


FILES = {"datapackage.json": b'{"name": "r"}', "data.csv": b"name\r\n[REDACTED (b)(6)]\r\n"}
DIGESTS = {f"releases/r/{name}": _sha(data) for name, data in FILES.items()}


def _sums(files: dict[str, bytes]) -> bytes:
    return "".join(f"{_sha(data)}  {name}\n" for name, data in sorted(files.items())).encode()


def _zip(path: Path, files: dict[str, bytes], sums: bytes | None = None, prefix: str = "r/", **options: object) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(prefix + name, data)
            if options.get("gap"):
                archive.fp.write(WITHHELD.encode())  # bytes between members, in no member
                archive.start_dir = archive.fp.tell()
        archive.writestr(prefix + "SHA256SUMS", _sums(files) if sums is None else sums)
        archive.comment = options.get("comment", b"")  # type: ignore[assignment]
    return path


def _problems(path: Path, digests: dict[str, str] = DIGESTS) -> list[str]:
    return [detail for _place, detail in bundle_problems(path, "r", digests)]


def test_the_gate_accepts_a_zip_of_the_published_files(tmp_path):
    assert _problems(_zip(tmp_path / "r.zip", FILES)) == []
    written = write_bundle(tmp_path / "ours.zip", "r", [Member.of_bytes(n, d) for n, d in FILES.items()])
    assert _problems(written.path) == []


def test_the_gate_refuses_a_member_that_is_not_a_published_file(tmp_path):
    files = {**FILES, "notes.txt": WITHHELD.encode()}
    problems = bundle_problems(_zip(tmp_path / "r.zip", files), "r", DIGESTS)
    # Named by number and length: a member's name could carry a value as well as its bytes.
    unpublished = (
        "member 3 (a name of 11 characters)",
        "not byte-identical to the file the site publishes at this path",
    )
    assert unpublished in problems
    assert all(WITHHELD not in detail for _place, detail in problems)


def test_the_gate_refuses_a_member_that_differs_from_the_published_file(tmp_path):
    files = {**FILES, "data.csv": f"name\r\n{WITHHELD}\r\n".encode()}
    assert "not byte-identical to the file the site publishes at this path" in _problems(
        _zip(tmp_path / "r.zip", files)
    )


@pytest.mark.parametrize("prefix", ["", "other/", "r/../", "/r/", "r\\", "r/./"])
def test_the_gate_refuses_a_member_outside_the_release_folder(tmp_path, prefix):
    problems = _problems(_zip(tmp_path / "r.zip", FILES, prefix=prefix))
    assert {"not a path inside the release's folder", "not a plain file path"} & set(problems)


def test_the_gate_refuses_wrong_or_missing_sums(tmp_path):
    wrong = ("r/SHA256SUMS", "does not list exactly the zip's other members with their SHA-256")
    assert wrong in bundle_problems(_zip(tmp_path / "a.zip", FILES, sums=b""), "r", DIGESTS)
    renamed = _sums(FILES).replace(b"data.csv", b"data.cs")
    assert wrong in bundle_problems(_zip(tmp_path / "b.zip", FILES, sums=renamed), "r", DIGESTS)
    with zipfile.ZipFile(tmp_path / "c.zip", "w") as archive:
        for name, data in FILES.items():
            archive.writestr(f"r/{name}", data)
    assert "no SHA256SUMS member" in _problems(tmp_path / "c.zip")


def test_the_gate_refuses_bytes_outside_the_members(tmp_path):
    assert "bytes before this member that belong to no member" in _problems(_zip(tmp_path / "a.zip", FILES, gap=True))
    with_comment = _problems(_zip(tmp_path / "b.zip", FILES, comment=WITHHELD.encode()))
    assert any("end record" in p or "central directory" in p for p in with_comment)
    appended = _zip(tmp_path / "c.zip", FILES)
    appended.write_bytes(appended.read_bytes() + WITHHELD.encode())
    assert _problems(appended)
    prepended = tmp_path / "d.zip"
    prepended.write_bytes(WITHHELD.encode() + _zip(tmp_path / "e.zip", FILES).read_bytes())
    assert "bytes before this member that belong to no member" in _problems(prepended)


def test_the_gate_refuses_extra_fields_and_data_descriptors(tmp_path):
    path = tmp_path / "extra.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in sorted({**FILES, "SHA256SUMS": _sums(FILES)}.items()):
            info = zipfile.ZipInfo("r/" + name)
            info.extra = b"\xca\xfe\x04\x00" + WITHHELD.encode()[:4]
            archive.writestr(info, data)
    assert "carries an extra field or a comment" in _problems(path)

    class Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, block) -> int:  # type: ignore[override]
            self.data += block
            return len(block)

    stream = Unseekable()
    with zipfile.ZipFile(stream, "w") as archive:  # an unseekable target: each member ends in a data descriptor
        for name, data in sorted({**FILES, "SHA256SUMS": _sums(FILES)}.items()):
            archive.writestr("r/" + name, data)
    described = tmp_path / "described.zip"
    described.write_bytes(bytes(stream.data))
    assert any("data descriptor" in p for p in _problems(described))


def test_the_gate_refuses_what_is_not_a_zip(tmp_path):
    path = tmp_path / "r.zip"
    path.write_bytes(WITHHELD.encode())
    assert _problems(path) == ["not a zip the gate can read (BadZipFile)"]


def test_the_gate_fails_a_build_whose_zip_carries_a_withheld_value(site_room, tmp_path):
    site = tmp_path / "site"
    assert mkdocs_build(site_room.root, site).returncode == 0
    target = site / urls.bundle("test-release")
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("test-release/Maria Lopez-Diaz 123-45-6789.txt", f"{WITHHELD} at 123-45-6789")
    outcome = gate_check(site_room.root, site)
    assert outcome.returncode == 1
    assert re.search(
        r"test-release\.zip: member \d+ \(a name of 45 characters\): \[release-zip\] not byte", outcome.stderr
    )
    assert WITHHELD not in outcome.stderr and "123-45-6789" not in outcome.stderr


def test_the_gate_finds_an_identifier_planted_in_a_data_package(site_room, tmp_path):
    def plant(text: str) -> str:
        data = json.loads(text)
        data["description"] = "Write to someone@example.org"
        return json.dumps(data).replace("@", "\\u0040")

    outcome = gate_after_edit(site_room.root, tmp_path / "site", urls.data_package("test-release"), plant)
    assert outcome.returncode == 1
    assert "datapackage.json: file text: [personal-identifier] email" in outcome.stderr
    # The zip holds the package as built, no longer the file the site publishes.
    assert "test-release.zip: test-release/datapackage.json: [release-zip]" in outcome.stderr
    assert "someone@example.org" not in outcome.stderr


def test_the_gate_refuses_two_members_of_one_name(tmp_path):
    path = _zip(tmp_path / "r.zip", FILES)
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("r/data.csv", f"name\r\n{WITHHELD}\r\n")  # a second copy, read by some tools only
    assert "a second member of the same name" in _problems(path)


def test_the_gate_refuses_bytes_hidden_after_a_members_deflate_stream(tmp_path, monkeypatch):
    class Trailing:
        """A deflate compressor that writes text after the end of its stream, inside the member's data."""

        def __init__(self) -> None:
            self.inner = zlib.compressobj(6, zlib.DEFLATED, -15)

        def compress(self, data: bytes) -> bytes:
            return self.inner.compress(data)

        def flush(self) -> bytes:
            return self.inner.flush() + WITHHELD.encode()

    path = tmp_path / "hidden.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in sorted({**FILES, "SHA256SUMS": _sums(FILES)}.items()):
            archive.writestr("r/" + name, data)
        monkeypatch.setattr(zipfile, "_get_compressor", lambda kind, level=None: Trailing())
        archive.writestr("r/extra.csv", FILES["data.csv"], zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(path) as archive:
        assert archive.read("r/extra.csv") == FILES["data.csv"]  # what zip readers see: the text is not there
    assert _problems(path) == ["not a zip the gate can read (BadZipFile)"]
