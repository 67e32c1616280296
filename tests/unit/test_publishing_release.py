"""publish(): progress for the long steps, where the build goes, what it refuses."""
from __future__ import annotations

import pytest

from briefing_kg.publishing import DUMPS, PublishError, builds_dir_for, current_build, publish
from publishing_sample import sample_config, sample_dataset, sample_releases


def test_progress_names_every_long_step_in_order(tmp_path):
    messages: list[str] = []
    publish(sample_dataset(), sample_releases(), sample_config(), out_dir=tmp_path / "dist", progress=messages.append)
    writes = [m for m in messages if m.startswith("writing ")]
    assert writes == [f"writing {d.name}" for d in DUMPS]
    assert messages[0] == "reading and sorting the graph"
    assert any(m.startswith("publishing build ") for m in messages)
    assert messages[-1].startswith(f"published {tmp_path / 'dist'} -> ")


def test_out_dir_defaults_to_the_configured_one(tmp_path):
    out = publish(sample_dataset(), sample_releases(), sample_config(out_dir=tmp_path / "public"))
    assert out == tmp_path / "public"
    assert (current_build(out) / "build.json").is_file()
    assert builds_dir_for(out) == tmp_path / "public.builds"


def test_no_build_yet(tmp_path):
    assert current_build(tmp_path / "dist") is None


def test_a_file_where_the_build_should_go_is_refused(tmp_path):
    (tmp_path / "dist").write_text("not a folder", encoding="utf-8")
    with pytest.raises(PublishError, match="is not a folder"):
        publish(sample_dataset(), sample_releases(), sample_config(), out_dir=tmp_path / "dist")
    assert (tmp_path / "dist").read_text(encoding="utf-8") == "not a folder"
