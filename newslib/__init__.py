"""newslib: how did the news frame an event? Load, clean and analyse news articles.

Modules
-------
:mod:`newslib.corpus`      load articles from files, folders, globs, URLs; Parquet corpora
:mod:`newslib.clean`       normalise text, lift captions/trailers/datelines, flag copies
:mod:`newslib.segment`     paragraphs, sentences and tokens with offsets (offline Punkt)
:mod:`newslib.framing`     actor labels, keyness, KWIC, frames, passives, scare quotes
:mod:`newslib.sentiment`   sentence (VADER) and actor sentiment, voice, aggregates
:mod:`newslib.sourcing`    quotes, speakers, source types, relay chains
:mod:`newslib.sourcing_tagger` learned attribution tagger (``method="tagger"``; optional)
:mod:`newslib.plots`       figures and ``save_figure``
:mod:`newslib.scale`       batch-by-batch runs over Parquet corpora, Dask entry point
:mod:`newslib.validate`    coding sheets, precision with intervals, Krippendorff's alpha
:mod:`newslib.datasets`    readers of annotated benchmark corpora
:mod:`newslib.quality`     the quality report (``make quality``)

Table columns are documented in :mod:`newslib.schema`; paths in :mod:`newslib.config`.
"""

__version__ = "0.1.0"
