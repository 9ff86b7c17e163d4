#!/bin/sh
# postmortem-lint plain git hook: checks the postmortems staged for this commit (the staged
# content, not the working tree). Install with `postmortem-lint install-hook` (which writes in the
# Python that has postmortem-lint, below), or copy this file to .git/hooks/pre-commit (it then runs
# `postmortem-lint` from PATH). Which paths are postmortems: `git config postmortem-lint.files REGEX`.
# Skip once with `git commit --no-verify`.
PYTHON="${POSTMORTEM_LINT_PYTHON:-}"
FILES="$(git config --get postmortem-lint.files || true)"
set -- check --staged
[ -n "$FILES" ] && set -- "$@" --files "$FILES"
if [ -n "$PYTHON" ] && "$PYTHON" -c "import postmortem_lint" 2>/dev/null; then
    "$PYTHON" -m postmortem_lint "$@"
elif command -v postmortem-lint >/dev/null 2>&1; then
    postmortem-lint "$@"
else
    echo "postmortem-lint hook: postmortem-lint is not installed (pip install postmortem-lint)" >&2
    false
fi
status=$?
if [ "$status" -ne 0 ]; then
    echo "postmortem-lint hook: commit blocked; to skip this check once: git commit --no-verify" >&2
fi
exit "$status"
