"""``briefing-kg serve --get PATH`` (one request in-process, Datasette style) and
``publish`` refusing without a build."""
from __future__ import annotations

import json

from click.testing import CliRunner

from briefing_kg.cli import cli
from tests.web.sparql_support import PERSONS, write_build


def invoke(tmp_path, *args):
    write_build(tmp_path / "dist")
    env = {"BRIEFING_KG_OUT_DIR": str(tmp_path / "dist"), "BRIEFING_KG_STORE_DIR": str(tmp_path / "store")}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_serve_get_prints_the_body_and_exits_0(tmp_path):
    query = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://schema.org/Person> }"
    from urllib.parse import quote

    result = invoke(tmp_path, "serve", "--get", "/sparql?query=" + quote(query))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["results"]["bindings"][0]["n"]["value"] == str(PERSONS)


def test_serve_get_exits_1_on_a_non_200(tmp_path):
    result = invoke(tmp_path, "serve", "--get", "/sparql?query=SELECT%20*%20%7B")
    assert result.exit_code == 1
    assert "error at 1:" in result.stdout


def test_serve_get_with_accept(tmp_path):
    result = invoke(tmp_path, "serve", "--get", "/sparql?query=ASK%20%7B%7D", "--accept", "text/csv")
    assert result.exit_code == 0
    assert result.stdout == "true\n"


def test_publish_without_a_build_says_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["publish", "--store", "http://127.0.0.1:9/query"],
                                env={"BRIEFING_KG_OUT_DIR": str(tmp_path / "nothing")})
    assert result.exit_code == 2
    assert "briefing-kg build" in result.output
