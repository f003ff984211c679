"""The bench's report keeps both databases: a run of one keeps the other's last figures."""

import json

from bench import __main__ as bench

META = {"scale": 1.0, "warmup": 20, "duration": 120, "workers": 5, "quick": False}


def _earlier(tmp_path, monkeypatch, meta):
    results = tmp_path / "bench-results.json"
    results.write_text(json.dumps({"meta": meta, "runs": {
        "sqlite, 1 pengguna": {"rows": "s1"}, "sqlite, 50 pengguna": {"rows": "s50"},
        "sqlite: data": {"peserta": 1}, "postgres, 50 pengguna": {"rows": "old p50"}}}))
    monkeypatch.setattr(bench, "RESULTS", results)


def test_a_postgres_run_keeps_sqlites_figures_and_replaces_its_own(tmp_path, monkeypatch):
    _earlier(tmp_path, monkeypatch, META)
    runs = bench.with_other_databases({"postgres, 50 pengguna": {"rows": "new p50"},
                                       "postgres: data": {"peserta": 2}}, META)
    assert list(runs) == ["sqlite, 1 pengguna", "sqlite, 50 pengguna", "sqlite: data",
                          "postgres, 50 pengguna", "postgres: data"]
    assert runs["postgres, 50 pengguna"] == {"rows": "new p50"}


def test_figures_of_another_kind_of_run_are_not_mixed_in(tmp_path, monkeypatch):
    _earlier(tmp_path, monkeypatch, {**META, "duration": 20, "quick": True})
    runs = {"postgres, 50 pengguna": {"rows": "new p50"}}
    assert bench.with_other_databases(runs, META) == runs


def test_without_earlier_figures_the_run_is_its_own(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "missing.json")
    runs = {"sqlite, 50 pengguna": {"rows": "s50"}}
    assert bench.with_other_databases(runs, META) == runs
