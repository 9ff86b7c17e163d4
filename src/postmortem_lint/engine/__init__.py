"""The engine: runs the rules over files (linter), reads the configuration, keeps the cache,
applies suppressions and reads what git will commit."""
