"""GitHub integration: the API client, the Actions environment, and the pull-request review."""
