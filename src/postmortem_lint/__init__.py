"""postmortem-lint: keep incident postmortems honest (sections, impact, timeline, owned actions)."""

__version__ = "0.1.0"
