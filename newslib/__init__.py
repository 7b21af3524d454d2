"""newslib: how did the news frame an event? Load, clean and analyse news articles.

Modules: :mod:`newslib.corpus` (load and save), :mod:`newslib.clean`,
:mod:`newslib.segment` (sentences), :mod:`newslib.framing`, :mod:`newslib.sentiment`,
:mod:`newslib.sourcing`, :mod:`newslib.plots`. Table columns: :mod:`newslib.schema`.
"""

__version__ = "0.1.0"
