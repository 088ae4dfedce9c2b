"""Check the pinned dependencies for known vulnerabilities with pip-audit, where it can reach a
vulnerability database. Exit 1 on a known vulnerability or any other failure; exit 0, saying so,
when no database answers (an offline machine, or a package index that does not serve PyPI's
per-release vulnerability records), so that an offline CI run is not mistaken for a clean one."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

REQUIREMENTS = ["requirements.txt", "requirements-dev.txt"]
# pip-audit's words when the service cannot be reached at all (its own ConnectionError, or the
# requests library's, which it does not catch, for a name that does not resolve).
UNREACHABLE = (
    "Could not connect to",
    "your network may be blocking",
    "requests.exceptions.ConnectionError",
    "requests.exceptions.ConnectTimeout",
    "NameResolutionError",
    "Max retries exceeded",
)
NOT_SERVED = "Dependency not found on PyPI and could not be audited"


def audit(service):
    """(exit code, report or None, stderr) of one pip-audit run against ``service``."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--no-deps", "--disable-pip"]
        command += ["--vulnerability-service", service, "--format", "json", "--output", str(report)]
        for requirements in REQUIREMENTS:
            command += ["--requirement", requirements]
        # Fixed arguments, no shell.
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)  # nosec B603
        return done.returncode, json.loads(report.read_text()) if report.exists() else None, done.stderr


def main():
    for service in ("pypi", "osv"):
        code, report, errors = audit(service)
        if report is None:
            if any(words in errors for words in UNREACHABLE):
                print(f"pip-audit: the {service} vulnerability database cannot be reached.")
                continue
            print(errors, file=sys.stderr)
            return code or 1
        dependencies = report["dependencies"]
        vulnerable = [d for d in dependencies if d.get("vulns")]
        if all(NOT_SERVED in d.get("skip_reason", "") for d in dependencies):
            print(f"pip-audit: the {service} database answered for none of the {len(dependencies)} dependencies.")
            continue
        for dependency in vulnerable:
            for vulnerability in dependency["vulns"]:
                fixed = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed version yet"
                print(f"{dependency['name']} {dependency['version']}: {vulnerability['id']} (fixed in {fixed})")
        skipped = [d["name"] for d in dependencies if d.get("skip_reason")]
        if skipped:
            print(f"pip-audit ({service}): not checked: {', '.join(skipped)}")
        audited = len(dependencies) - len(skipped)
        print(f"pip-audit ({service}): {audited} dependencies checked, {len(vulnerable)} with known vulnerabilities.")
        return 1 if vulnerable else code
    print("pip-audit: SKIPPED, no vulnerability database could be reached from this machine.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
