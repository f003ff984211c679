"""bandit (a static security linter) finds nothing of high severity in the app's code."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bandit_reports_no_high_severity_finding():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", "mtu", "wsgi.py", "--severity-level", "high",
         "--format", "json", "--quiet"],
        cwd=ROOT, capture_output=True, text=True, check=False)
    report = json.loads(result.stdout)
    findings = [f"{item['filename']}:{item['line_number']} {item['test_id']} "
                f"{item['issue_text']}" for item in report["results"]]
    assert not findings, findings
    assert report["metrics"]["_totals"]["loc"] > 1000  # it did read the code
