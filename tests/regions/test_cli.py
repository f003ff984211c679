"""`flask regions import` on the command line."""

from sqlalchemy import func, select

from mtu.regions.models import Region
from tests.regions.test_import import GOOD


def test_import_command_reports_counts(app, tmp_path, db):
    path = tmp_path / "wilayah.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["regions", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 baru" in result.output
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Region)) == 4


def test_import_command_fails_with_every_error_and_imports_nothing(app, tmp_path, db):
    path = tmp_path / "wilayah.csv"
    path.write_text(GOOD + ",x,desa,35.14.04\n35.9,Kab,kabupaten,77\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["regions", "import", str(path)])
    assert result.exit_code == 1
    assert "baris 6" in result.output and "baris 7" in result.output
    assert "tidak ada yang diimpor" in result.output
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Region)) == 0
