"""Readers of the annotated benchmark corpora under ../shared/benchmarks: one module per dataset,
each taking a local path and returning newslib tables (articles + tidy gold tables).
"""

from newslib.datasets.polnear import read_polnear  # noqa: F401
from newslib.datasets.gum import read_gum  # noqa: F401
from newslib.datasets.sbd import read_golden_rules, read_gum_sbd  # noqa: F401
from newslib.datasets._fetch import ChecksumError, fetch_dataset, list_sources  # noqa: F401
from newslib.datasets.basil import read_basil  # noqa: F401
from newslib.datasets.vader_nyt import read_vader_nyt  # noqa: F401
from newslib.datasets.newsmtsc import read_newsmtsc  # noqa: F401
