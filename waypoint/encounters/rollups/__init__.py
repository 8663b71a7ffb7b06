"""Daily rollups of the visits: what each day's visits add up to, kept exact by the
visit's own transaction (``writes``), worked out again from the raw visits to rebuild
or check them (``rebuild``); the tables are in ``models``. Reports read them."""
