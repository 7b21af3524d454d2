"""environment.yml mirrors pyproject.toml: same packages, same lower bounds."""

import re
import tomllib

import yaml

from newslib import config

# conda-forge names that differ from PyPI's, and PyPI extras conda does not spell.
CONDA_NAMES = {"vadersentiment": "vadersentiment", "dask[dataframe]": "dask"}


def _norm(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*(.*)$", req)
    name, spec = m.group(1).lower(), m.group(2).replace(" ", "")
    return CONDA_NAMES.get(name, name), spec


def test_environment_yml_mirrors_pyproject():
    pyproject = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text())
    env = yaml.safe_load((config.PROJECT_ROOT / "environment.yml").read_text())
    wanted = dict(_norm(r) for r in pyproject["project"]["dependencies"])
    conda = {}
    pip_section = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_section = dep.get("pip", [])
            continue
        name, spec = _norm(dep)
        if name not in {"python", "pip"}:
            conda[name] = spec
    assert conda == wanted, (
        "environment.yml and pyproject.toml disagree: "
        f"only in pyproject {sorted(set(wanted) - set(conda))}, "
        f"only in environment.yml {sorted(set(conda) - set(wanted))}, "
        f"different bounds {sorted(k for k in set(wanted) & set(conda) if wanted[k] != conda[k])}"
    )
    assert "-e ." in pip_section, "environment.yml must install newslib itself with '- pip: [-e .]'"
