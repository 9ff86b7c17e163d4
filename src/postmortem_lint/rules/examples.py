"""A complete postmortem that passes every rule; rule examples are small edits of it."""

COMPLETE = """\
---
title: Checkout errors after payment-gateway deploy
date: 2026-08-19
severity: SEV2
tier: 2
systems: [checkout, payment-gateway]
duration: 47 minutes
coordinator: "@maria"
themes: [deployment-safety, monitoring-gaps]
---
# Checkout errors after payment-gateway deploy

## Summary

A payment-gateway deploy shipped a connection-pool size of 5 instead of 50. Checkout requests
queued and timed out until the deploy was rolled back.

## Impact

- 18% of checkout requests failed with HTTP 502 for 47 minutes.

## Timeline

2026-08-19 (all times UTC)

- 14:02 payment-gateway v2.14 deployed
- 14:09 checkout 5xx alert fires
- 14:31 rollback started
- 14:49 error rate back to baseline

## Trigger Event

The v2.14 deploy lowered the gateway's connection-pool size from 50 to 5.

## Contributing Factors

- The pool size is set per environment and staging uses 5.
- No alert on gateway queue depth.

## What Worked Well

- The checkout 5xx alert fired within 7 minutes.

## What Slowed Response

- The rollback runbook pointed at the old deploy tool.

## Action Items

- [ ] Add alert for payment-gateway queue depth above 200 for 5 minutes — @maria — due 2026-09-01
- [ ] Move the pool size into the shared config with a CI check that prod >= 40 — @dev-lee — due 2026-09-10
"""
