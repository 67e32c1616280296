"""A publish that fails or is interrupted leaves the last good build byte-for-byte as it was, and nothing behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import BNode, URIRef

from briefing_kg.publishing import PublishError, builds_dir_for, current_build, publish
from briefing_kg.publishing import dumps as dumps_module
from briefing_kg.publishing import release as release_module
from publishing_sample import BASE, sample_config, sample_dataset, sample_releases

TESTS = Path(__file__).resolve().parents[1]


def _tree(root: Path) -> dict[str, object]:
    """Everything under ``root``: file bytes, link targets, folders (what a reader or a later publish could see)."""
    out: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            out[rel] = ("link", os.readlink(path))
        elif path.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = path.read_bytes()
    return out


def _changed_dataset():
    dataset = sample_dataset()
    dataset.graph(URIRef(f"{BASE}graph/release/2023-03-15-round-table")).add(
        (URIRef(f"{BASE}id/person/akylbay-serik"), URIRef("https://schema.org/jobTitle"), URIRef(f"{BASE}id/role/head")))
    return dataset


@pytest.fixture
def published(tmp_path) -> Path:
    """A site with one good build at tmp_path/site/dist."""
    out = tmp_path / "site" / "dist"
    publish(sample_dataset(), sample_releases(), sample_config(), out_dir=out)
    return out


def test_a_writer_failing_midway_leaves_everything_as_it_was(published, monkeypatch):
    site = published.parent
    before = _tree(site)
    seen_by_reader: list[bytes] = []
    calls = {"n": 0}
    real = dumps_module.write_gzip

    def failing_gzip(source, media_type):
        calls["n"] += 1
        # While the new build is half written, a reader of dist/ still sees the old one, whole.
        seen_by_reader.append((published / "build.json").read_bytes())
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(source, media_type)

    monkeypatch.setattr(dumps_module, "write_gzip", failing_gzip)
    with pytest.raises(OSError, match="No space left"):
        publish(_changed_dataset(), sample_releases(), sample_config(), out_dir=published)
    assert calls["n"] == 3, "the failure happened midway, after some files were written"
    assert set(seen_by_reader) == {before["dist.builds/" + current_build(published).name + "/build.json"]}
    assert _tree(site) == before, "no byte changed and no temporary folder is left"


def test_a_dataset_that_cannot_be_serialised_changes_nothing(published):
    site = published.parent
    before = _tree(site)
    broken = _changed_dataset()
    broken.graph(URIRef(f"{BASE}graph/reference")).add(
        (URIRef(f"{BASE}id/region/kz-75"), URIRef("https://schema.org/geo"), BNode("geo1")))
    with pytest.raises(PublishError, match="blank node _:geo1"):
        publish(broken, sample_releases(), sample_config(), out_dir=published)
    assert _tree(site) == before


def test_ctrl_c_during_the_catalog_changes_nothing(published, monkeypatch):
    site = published.parent
    before = _tree(site)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(release_module, "build_catalog", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish(_changed_dataset(), sample_releases(), sample_config(), out_dir=published)
    assert _tree(site) == before


def test_a_failing_final_rename_keeps_the_old_build_current_and_removes_the_new_one(published, monkeypatch):
    site = published.parent
    before = _tree(site)
    real_replace = os.replace

    def failing_replace(src, dst, *args, **kwargs):
        if Path(dst) == published:
            raise OSError(5, "Input/output error")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="Input/output error"):
        publish(_changed_dataset(), sample_releases(), sample_config(), out_dir=published)
    assert _tree(site) == before


def test_a_killed_publish_leaves_the_old_build_and_the_next_publish_cleans_up(published):
    site = published.parent
    before = _tree(site)
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(TESTS)!r})
        from briefing_kg.publishing import publish
        from publishing_sample import sample_config, sample_dataset, sample_releases
        from rdflib import URIRef
        dataset = sample_dataset()
        dataset.graph(URIRef("{BASE}graph/reference")).add(
            (URIRef("{BASE}id/region/kz-75"), URIRef("https://schema.org/alternateName"), URIRef("{BASE}id/x")))

        def progress(message):
            if message.startswith("writing briefing-kg.ttl"):
                os.kill(os.getpid(), signal.SIGKILL)

        publish(dataset, sample_releases(), sample_config(), out_dir={str(published)!r}, progress=progress)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()
    after = _tree(site)
    leftovers = [name for name in after if name not in before]
    assert leftovers and all(".tmp-" in name for name in leftovers), leftovers
    assert {k: v for k, v in after.items() if k in before} == before, "the killed publish touched the old build"

    publish(_changed_dataset(), sample_releases(), sample_config(), out_dir=published)
    assert not [p for p in builds_dir_for(published).iterdir() if p.name.startswith(".tmp-")]


def test_a_good_publish_swaps_and_keeps_one_previous_build(published):
    builds = builds_dir_for(published)
    first = current_build(published)
    old_bytes = _tree(first)
    publish(_changed_dataset(), sample_releases(), sample_config(), out_dir=published)
    second = current_build(published)
    assert second != first
    assert b"jobTitle" in (published / "briefing-kg.nt").read_bytes()
    assert _tree(first) == old_bytes, "the previous build stays whole for readers still on it"

    third_dataset = _changed_dataset()
    third_dataset.graph(URIRef(f"{BASE}graph/reference")).remove((None, URIRef("https://schema.org/identifier"), None))
    publish(third_dataset, sample_releases(), sample_config(), out_dir=published)
    remaining = sorted(p.name for p in builds.iterdir() if not p.name.startswith("."))
    assert remaining == sorted([second.name, current_build(published).name])


def test_a_folder_that_is_not_a_build_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(PublishError, match="not a briefing-kg build"):
        publish(sample_dataset(), sample_releases(), sample_config(), out_dir=out)
    assert _tree(out) == {"notes.txt": b"mine"}
    assert not (tmp_path / "dist.builds").exists()


def test_a_plain_folder_build_from_before_is_kept_as_the_previous_build(tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "build.json").write_text('{"build_id": "0123456789abcdef"}\n', encoding="utf-8")
    (out / "briefing-kg.ttl").write_text("# an old build\n", encoding="utf-8")
    publish(sample_dataset(), sample_releases(), sample_config(), out_dir=out)
    assert out.is_symlink()
    adopted = builds_dir_for(out) / "0123456789abcdef-adopted"
    assert (adopted / "briefing-kg.ttl").read_text(encoding="utf-8") == "# an old build\n"
