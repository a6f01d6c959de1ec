"""ZIP archives ingested as what they hold (issue 15): members as `archive.zip!/inner/path`,
each with its own SHA-256 and doc_id, re-ingested only when changed, pruned when gone; and
hostile archives (path traversal, zip bombs, encrypted members, nesting too deep, damage)
reported member by member without stopping the run or losing what is indexed."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.citations.cite import cite_document
from indexer.cli import main
from indexer.extractors.archive import ArchiveLimits
from indexer.search.service import SearchRequest, search
from tests.conftest import Home
from tests.indexer.intake.files import pdf_bytes, write_zip, zip_bytes

ALPHA = pdf_bytes("Alpha memorandum on the quarterly detention review.", "Second page of alpha.")
BRAVO = pdf_bytes("Bravo letter about the fingerprint sharing agreement.")
CHARLIE = b"Charlie notes: the heliotrope inventory was counted twice.\n"


def pages(home: Home, query: str) -> int:
    return search(home.engine, home.store, SearchRequest(query)).total_pages


def paths(home: Home) -> list[str]:
    return [row["path"] for row in home.store.list_documents()]


def failures(report: object) -> dict[str, str]:
    return {item["path"]: item["error"] for item in report.failed}  # type: ignore[attr-defined]


def test_members_are_documents_named_inside_their_archive(tmp_path: Path, home: Home) -> None:
    inner = zip_bytes({"deep/charlie.txt": CHARLIE})
    archive = write_zip(
        tmp_path / "release" / "production.zip",
        {"b/bravo.pdf": BRAVO, "a/alpha.pdf": ALPHA, "nested.zip": inner, "a/": b""},
    )
    report = home.ingest(archive.parent)
    assert (report.added, report.failed) == (3, [])
    root = str(archive)
    assert paths(home) == [
        f"{root}!/a/alpha.pdf",
        f"{root}!/b/bravo.pdf",
        f"{root}!/nested.zip!/deep/charlie.txt",
    ]
    rows = {row["path"]: row for row in home.store.list_documents()}
    alpha = rows[f"{root}!/a/alpha.pdf"]
    assert alpha["sha256"] == hashlib.sha256(ALPHA).hexdigest()
    assert rows[f"{root}!/nested.zip!/deep/charlie.txt"]["sha256"] == (
        hashlib.sha256(CHARLIE).hexdigest()
    )
    assert len({row["doc_id"] for row in rows.values()}) == 3
    assert pages(home, "heliotrope") == 1 and pages(home, "fingerprint") == 1
    assert alpha["pages"] == 2
    citation = cite_document(home.store, alpha["doc_id"])
    assert citation.file_name == "production.zip!/a/alpha.pdf"
    assert not list((home.path / "cache").glob("unpacked-*"))  # the work folder is gone


def test_a_changed_archive_reingests_only_changed_members(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "release"
    archive = write_zip(folder / "p.zip", {"alpha.pdf": ALPHA, "bravo.pdf": BRAVO})
    assert home.ingest(folder).added == 2
    before = {row["path"]: row["doc_id"] for row in home.store.list_documents()}

    again = home.ingest(folder)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)

    new_bravo = pdf_bytes("Bravo letter, corrected: the marigold agreement.")
    write_zip(archive, {"alpha.pdf": ALPHA, "bravo.pdf": new_bravo, "charlie.txt": CHARLIE})
    changed = home.ingest(folder)
    assert (changed.added, changed.updated, changed.unchanged) == (1, 1, 1)
    assert pages(home, "marigold") == 1 and pages(home, "fingerprint") == 0
    after = {row["path"]: row["doc_id"] for row in home.store.list_documents()}
    assert after[f"{archive}!/bravo.pdf"] == before[f"{archive}!/bravo.pdf"]  # same document


def test_a_member_removed_from_its_archive_goes_with_prune(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "release"
    archive = write_zip(folder / "p.zip", {"alpha.pdf": ALPHA, "charlie.txt": CHARLIE})
    home.ingest(folder)
    write_zip(archive, {"alpha.pdf": ALPHA})

    kept = home.ingest(folder)  # without --prune nothing goes
    assert kept.removed == 0 and len(paths(home)) == 2
    pruned = home.ingest(folder, prune=True)
    assert pruned.removed == 1 and pages(home, "heliotrope") == 0
    assert paths(home) == [f"{archive}!/alpha.pdf"]

    # Given the archive itself (not its folder), prune still works member by member.
    write_zip(archive, {"charlie.txt": CHARLIE})
    direct = home.ingest(archive, prune=True)
    assert (direct.added, direct.removed) == (1, 1)
    assert paths(home) == [f"{archive}!/charlie.txt"]


def test_unsafe_member_names_are_reported_and_never_written(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "release"
    outside = tmp_path / "escaped.txt"
    names = {
        "../escaped.txt": b"climbs one level",
        "../../../../../../tmp/escaped.txt": b"climbs to the root",
        "/etc/escaped.txt": b"absolute",
        "C:\\Windows\\escaped.txt": b"a drive",
        "a\\..\\..\\escaped.txt": b"backslashes",
        "bad\x01name.txt": b"a control character",
        "ok/charlie.txt": CHARLIE,
    }
    archive = write_zip(folder / "hostile.zip", names)
    report = home.ingest(folder)
    errors = failures(report)
    assert report.added == 1 and paths(home) == [f"{archive}!/ok/charlie.txt"]
    assert len(errors) == 6
    traversal = [e for e in errors.values() if "path traversal" in e]
    assert len(traversal) == 5, errors
    assert any("control characters" in e for e in errors.values())
    assert all(path.startswith(f"{archive}!/") for path in errors)
    assert not outside.exists() and not Path("/tmp/escaped.txt").exists()


def test_zip_bombs_hit_the_ratio_and_size_limits(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "release"
    zeros = b"\0" * (4 * 1024 * 1024)  # deflates about a thousand times
    write_zip(folder / "bomb.zip", {"bomb.txt": zeros, "charlie.txt": CHARLIE})
    report = home.ingest(folder)
    errors = failures(report)
    assert list(errors) == [f"{folder / 'bomb.zip'}!/bomb.txt"]
    assert "expands more than 200 times" in errors[f"{folder / 'bomb.zip'}!/bomb.txt"]
    assert "--archive-max-ratio" in next(iter(errors.values()))
    assert report.added == 1 and pages(home, "heliotrope") == 1

    # The total an archive unpacks to is a setting too: members past it are reported.
    many = {f"part-{n}.txt": (f"Part {n} of the ledger. " * 200).encode() for n in range(5)}
    write_zip(folder / "big.zip", many)
    small = ArchiveLimits(max_bytes=12_000)
    limited = home.ingest(folder, archive_limits=small)
    over = [p for p, e in failures(limited).items() if "unpacks to more than" in e]
    assert over and all(p.startswith(f"{folder / 'big.zip'}!/part-") for p in over)
    assert limited.added == 5 - len(over) >= 1


def test_a_header_that_lies_about_the_size_unpacks_no_more_than_it_says(
    tmp_path: Path, home: Home
) -> None:
    folder = tmp_path / "release"
    path = write_zip(folder / "liar.zip", {"liar.txt": b"x" * (3 * 1024 * 1024)})
    data = bytearray(path.read_bytes())
    # Declare a small, harmless size (1:1) for 3 MiB of data: unpacking stops at the declared
    # size, the checksum then fails, and the member is reported, never read past its claim.
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("liar.txt")
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (info.compress_size).to_bytes(4, "little")
    local = data.find(b"PK\x03\x04")
    data[local + 22 : local + 26] = (info.compress_size).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    report = home.ingest(folder)
    assert report.added == 0 and len(report.failed) == 1
    assert report.failed[0]["path"] == f"{path}!/liar.txt"
    assert report.failed[0]["error"].startswith("damaged member, not unpacked (Bad CRC-32")


def test_encrypted_members_and_damaged_archives_are_reported(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "release"
    folder.mkdir()
    archive = folder / "locked.zip"
    with zipfile.ZipFile(archive, "w") as out:
        secret = zipfile.ZipInfo("secret.pdf")
        secret.flag_bits |= 0x1  # the encryption bit, as a password-protected ZIP sets it
        out.writestr(secret, b"\x8f\x12 ciphertext " * 40)
        out.writestr("open.txt", CHARLIE)
    (folder / "truncated.zip").write_bytes(zip_bytes({"alpha.pdf": ALPHA})[:300])
    damaged = bytearray(zip_bytes({"bravo.txt": b"Bravo words " * 500}))
    damaged[60:70] = b"\xff" * 10  # inside the deflated data: a bad stream or a bad CRC
    (folder / "damaged.zip").write_bytes(bytes(damaged))

    report = home.ingest(folder)
    errors = failures(report)
    assert "encrypted" in errors[f"{archive}!/secret.pdf"]
    assert "not a readable ZIP archive" in errors[str(folder / "truncated.zip")]
    assert "damaged member" in errors[f"{folder / 'damaged.zip'}!/bravo.txt"]
    assert report.added == 1 and pages(home, "heliotrope") == 1


def test_nesting_beyond_the_depth_limit_is_reported(tmp_path: Path, home: Home) -> None:
    level3 = zip_bytes({"three.txt": b"Third level: the juniper file.\n"})
    level2 = zip_bytes({"two.txt": b"Second level: the cypress file.\n", "c.zip": level3})
    folder = tmp_path / "release"
    archive = write_zip(folder / "a.zip", {"one.txt": CHARLIE, "b.zip": level2})
    report = home.ingest(folder, archive_limits=ArchiveLimits(max_depth=2))
    assert failures(report) == {
        f"{archive}!/b.zip!/c.zip": "nested more than 2 containers deep"
        " (limit --archive-max-depth): not unpacked"
    }
    assert pages(home, "cypress") == 1 and pages(home, "juniper") == 0
    assert home.ingest(folder).added == 1 and pages(home, "juniper") == 1  # default depth 3


def test_a_hostile_new_version_loses_nothing_already_indexed(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "release"
    archive = write_zip(folder / "p.zip", {"alpha.pdf": ALPHA, "charlie.txt": CHARLIE})
    home.ingest(folder)
    archive.write_bytes(b"PK\x03\x04 this is no longer a readable archive")
    report = home.ingest(folder, prune=True)
    assert list(failures(report)) == [str(archive)]
    assert report.removed == 0 and pages(home, "heliotrope") == 1 and pages(home, "alpha") >= 1

    # A bomb put in place of one member: that member stays as it was indexed.
    write_zip(archive, {"alpha.pdf": ALPHA, "charlie.txt": b"\0" * (4 * 1024 * 1024)})
    bombed = home.ingest(folder, prune=True)
    assert list(failures(bombed)) == [f"{archive}!/charlie.txt"]
    assert bombed.removed == 0 and pages(home, "heliotrope") == 1


def test_an_archive_left_out_by_foiaignore_keeps_its_members(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "release"
    write_zip(folder / "p.zip", {"charlie.txt": CHARLIE, "charlie.meta.json": b'{"x": 1}'})
    assert home.ingest(folder).added == 1  # the sidecar in the archive is no document
    (folder / ".foiaignore").write_text("p.zip\n", encoding="utf-8")
    assert home.ingest(folder, prune=True).removed == 0  # as for a loose file left out
    (folder / "p.zip").unlink()
    assert home.ingest(folder, prune=True).removed == 1


@pytest.mark.slow  # about 25 s on a busy 2-core machine: two `foia ingest` runs with workers
def test_the_limits_are_settings_of_foia_ingest(tmp_path: Path) -> None:
    folder = tmp_path / "release"
    inner = zip_bytes({"deep.txt": b"The sequoia file, one level down.\n"})
    write_zip(folder / "a.zip", {"top.txt": CHARLIE, "b.zip": inner, "big.txt": b"word " * 400_000})
    args = ["--home", str(tmp_path / "home"), "ingest", str(folder), "--workers", "1"]
    limits = ["--archive-max-depth", "1", "--archive-max-ratio", "5000", "--json"]
    result = CliRunner().invoke(main, [*args, "--ocr", "off", *limits])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [item["path"] for item in report["failed"]] == [f"{folder / 'a.zip'}!/b.zip"]
    assert "--archive-max-depth" in report["failed"][0]["error"]
    assert report["added"] == 2  # top.txt, and big.txt under a ratio limit of 5000
    strict = CliRunner().invoke(main, [*args, "--archive-max-members", "2", "--json"])
    failed = json.loads(strict.output)["failed"]
    assert failed == [
        {
            "path": str(folder / "a.zip"),
            "error": "3 members, more than 2 (limit --archive-max-members): not unpacked",
        }
    ]
