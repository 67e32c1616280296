"""Two publishes of the same data are byte-identical, wherever they go and whatever order rdflib held the triples in."""
from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from briefing_kg.publishing import builds_dir_for, current_build, publish
from publishing_sample import sample_config, sample_dataset, sample_releases


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_publishes_into_different_folders_are_byte_identical(tmp_path):
    first = publish(sample_dataset(seed=1), sample_releases(), sample_config(), out_dir=tmp_path / "one" / "dist")
    second = publish(sample_dataset(seed=7), sample_releases(), sample_config(),
                     out_dir=tmp_path / "elsewhere" / "deeper" / "public")
    a, b = _files(first), _files(second)
    assert set(a) == set(b)
    for name in a:
        assert a[name] == b[name], f"{name} differs between two builds of the same data"
    assert current_build(first).name == current_build(second).name, "same data, same build id"
    assert str(tmp_path) not in "".join(v.decode("utf-8", "replace") for v in a.values()), "no path in any file"


def test_gzip_files_have_no_timestamp_no_name_and_hold_the_plain_file(tmp_path):
    out = publish(sample_dataset(), sample_releases(), sample_config(), out_dir=tmp_path / "dist")
    packed = sorted(out.glob("*.gz"))
    assert len(packed) == 5
    for path in packed:
        header = path.read_bytes()[:10]
        assert header[:3] == b"\x1f\x8b\x08"
        assert header[4:8] == b"\0\0\0\0", f"{path.name}: MTIME must be zero"
        assert header[3] & 0x08 == 0, f"{path.name}: no FNAME field"
        assert gzip.decompress(path.read_bytes()) == (out / path.name.removesuffix(".gz")).read_bytes()


def test_out_dir_is_a_relative_link_to_the_build(tmp_path):
    out = publish(sample_dataset(), sample_releases(), sample_config(), out_dir=tmp_path / "dist")
    assert out == tmp_path / "dist" and out.is_symlink()
    target = os.readlink(out)
    assert not os.path.isabs(target) and target.startswith("dist.builds/")
    assert current_build(out).parent == builds_dir_for(out).resolve()


def test_republishing_the_same_data_changes_nothing(tmp_path):
    out = tmp_path / "dist"
    publish(sample_dataset(), sample_releases(), sample_config(), out_dir=out)
    before = (current_build(out), _files(out))
    publish(sample_dataset(seed=3), sample_releases(), sample_config(), out_dir=out)
    assert (current_build(out), _files(out)) == before
    assert [p.name for p in builds_dir_for(out).iterdir() if not p.name.startswith(".")] == [before[0].name]


def test_another_base_uri_is_another_build(tmp_path):
    a = publish(sample_dataset(), sample_releases(), sample_config(), out_dir=tmp_path / "a")
    b = publish(sample_dataset("https://other.example/"), sample_releases(),
                sample_config(base_uri="https://other.example/"), out_dir=tmp_path / "b")
    assert current_build(a).name != current_build(b).name
    assert b"https://other.example/id/dataset/briefing-kg" in (b / "catalog.ttl").read_bytes()
    assert b"kg.example.kz" not in (b / "catalog.ttl").read_bytes()


def test_seed_build_is_byte_identical_twice(tmp_path):
    """The real pipeline on the shipped seed, mapped twice from scratch (skipped where the pipeline is absent)."""
    pipeline = pytest.importorskip("briefing_kg.pipeline")
    from briefing_kg.config import Config

    root = Path(__file__).resolve().parents[2]
    config = Config(data_dir=root / "data")
    outs = []
    for name in ("first", "second"):
        mapped = pipeline.map_data(config)
        outs.append(publish(mapped.dataset, mapped.releases, config, out_dir=tmp_path / name / "dist"))
    assert _files(outs[0]) == _files(outs[1])
