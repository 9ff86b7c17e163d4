"""The JSON Schema check: the model as JSON, validated against the packaged schema and a team's own."""
