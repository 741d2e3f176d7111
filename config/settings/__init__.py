"""Settings modules: ``base`` for every deployment (configured by environment), ``test``."""
