"""The region CSV import: all or nothing, idempotent, quick for the whole country."""

import time

import pytest
from sqlalchemy import func, select

from mtu.regions.models import Region
from mtu.regions.services import import_regions

GOOD = """code,name,level,parent_code
35,Jawa Timur,province,
35.14,Kab. Pasuruan,kabupaten,35
35.14.04,Lumbang,kecamatan,35.14
35.14.04.2006,Bulukandang,desa,35.14.04
"""


def _count(db):
    return db.session.scalar(select(func.count()).select_from(Region))


def test_import_builds_the_tree(db):
    report = import_regions(GOOD)
    db.session.commit()
    assert report.ok and report.created == 4
    village = db.session.scalar(select(Region).where(Region.code == "35.14.04.2006"))
    assert village.level == "village"
    assert [r.name for r in village.ancestors] == ["Jawa Timur", "Kab. Pasuruan", "Lumbang"]
    assert village.full_name == "Bulukandang, Lumbang, Kab. Pasuruan"


def test_import_is_idempotent_and_applies_renames(db):
    import_regions(GOOD)
    db.session.commit()
    again = import_regions(GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    renamed = import_regions(GOOD.replace("Bulukandang", "Bulu Kandang"))
    assert (renamed.created, renamed.updated) == (0, 1)
    assert _count(db) == 4


def test_children_may_refer_to_parents_already_in_the_database(db):
    import_regions(GOOD)
    report = import_regions("code,name,level,parent_code\n35.14.04.2002,Banjarimbo,desa,35.14.04\n")
    assert report.ok and report.created == 1


@pytest.mark.parametrize("bad_row, message", [
    ("35.14.04.2001,,desa,35.14.04", "baris 6: nama kosong"),
    (",Tanpa Kode,desa,35.14.04", "baris 6: kode kosong"),
    ("35.14.04.2001,Desa X,dusun,35.14.04", "baris 6: tingkat tidak dikenal: 'dusun'"),
    ("35.14.04.2001,Desa X,desa,99.99", "baris 6: kode induk 99.99 tidak ditemukan"),
    ("35.14.04.2001,Desa X,desa,35.14", "baris 6: induk 35.14 adalah Kabupaten/kota"),
    ("35.14.04.2001,Desa X,desa,", "baris 6: kode induk kosong"),
    ("35.14,Kab. Lagi,kabupaten,35", "baris 6: kode 35.14 sudah ada di baris 3"),
    ("36,Banten,provinsi,35", "baris 6: provinsi tidak boleh punya induk"),
])
def test_any_bad_row_is_reported_by_line_and_nothing_is_imported(db, bad_row, message):
    report = import_regions(GOOD + bad_row + "\n")
    assert not report.ok
    assert any(error.startswith(message) for error in report.errors), report.errors
    db.session.rollback()
    assert _count(db) == 0


def test_every_bad_row_is_reported_not_just_the_first(db):
    report = import_regions(GOOD + ",x,desa,35.14.04\n,y,desa,35.14.04\n")
    assert [e.split(":")[0] for e in report.errors] == ["baris 6", "baris 7"]


def test_missing_columns_are_reported(db):
    report = import_regions("kode,nama,induk\n35,Jawa Timur,\n")
    assert report.errors == ["baris 1: kolom tidak ada: level, parent_code "
                             "(yang diperlukan: code, name, level, parent_code)"]


def test_indonesian_column_names_are_understood(db):
    report = import_regions("kode,nama,tingkat,kode_induk\n35,Jawa Timur,provinsi,\n")
    assert report.ok and report.created == 1


def test_a_stored_region_cannot_change_level(db):
    import_regions(GOOD)
    report = import_regions("code,name,level,parent_code\n35.14.04,Lumbang,desa,35.14\n")
    assert "sudah tercatat sebagai Kecamatan" in report.errors[0]


def whole_country_csv(village_prefix: str = "Desa") -> str:
    """38 provinces, 514 regencies, 7 200 sub-districts and about 84 000 villages, the same
    every time (the Kemendagri list has 38, 514, 7 277 and 84 000)."""
    lines = ["code,name,level,parent_code"]
    villages = 0
    for p in range(11, 49):
        lines.append(f"{p},Provinsi {p},province,")
        for r in range(1, 15 if p < 48 else 3):
            regency = f"{p}.{r:02d}"
            lines.append(f"{regency},Kabupaten {p}-{r},regency,{p}")
            for s in range(1, 15):
                subdistrict = f"{regency}.{s:02d}"
                lines.append(f"{subdistrict},Kecamatan {p}-{r}-{s},subdistrict,{regency}")
                for v in range(1, 12 + s % 2):
                    lines.append(f"{subdistrict}.{2000 + v},{village_prefix} {p}-{r}-{s}-{v},"
                                 f"village,{subdistrict}")
                    villages += 1
    assert villages > 83_000
    return "\n".join(lines) + "\n"


def _timed_import(app, path, count_queries) -> tuple[str, float, int]:
    """`flask regions import` of the file: (its output, seconds, statements sent)."""
    runner = app.test_cli_runner()
    started = time.perf_counter()
    result = []
    statements = count_queries(lambda: result.append(
        runner.invoke(args=["regions", "import", str(path)])))
    assert result[0].exit_code == 0, result[0].output
    return result[0].output, time.perf_counter() - started, statements


def test_the_whole_country_imports_well_under_a_minute(app, db, tmp_path, count_queries):
    """Bulk statements: a few per level and per 5 000 rows, never one per row."""
    path = tmp_path / "wilayah.csv"
    path.write_text(whole_country_csv(), encoding="utf-8")
    output, first, statements = _timed_import(app, path, count_queries)
    assert _count(db) == len(path.read_text().splitlines()) - 1 > 91_000
    assert f"{_count(db)} baru, 0 diperbarui, 0 tidak berubah" in output
    assert statements < 60, statements
    # Again with every village renamed: 84 000 updates in one executemany.
    renamed = whole_country_csv("Kelurahan")
    path.write_text(renamed, encoding="utf-8")
    output, second, statements = _timed_import(app, path, count_queries)
    villages = renamed.count(",village,")
    assert f"0 baru, {villages} diperbarui, {_count(db) - villages} tidak berubah" in output
    assert statements < 10, statements
    db.session.commit()
    assert db.session.scalar(select(Region.name).where(Region.code == "35.14.04.2006")) == (
        "Kelurahan 35-14-4-6")
    print(f"whole country: first import {first:.1f} s, again renamed {second:.1f} s")
    assert first < 60 and second < 60
