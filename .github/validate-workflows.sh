#!/usr/bin/env bash
# Validates the workflows against the GitHub Actions schema offline (no workflow can run here).
# Installs @action-validator/cli into a temporary folder; nothing is added to the repository.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tool=$(mktemp -d)
trap 'rm -rf "$tool"' EXIT
(cd "$tool" && npm install --silent --no-audit --no-fund @action-validator/cli@0.6.0 @action-validator/core@0.6.0 > /dev/null)
status=0
for workflow in "$repo"/.github/workflows/*.yml; do
  if (cd "$tool" && npx --no-install action-validator "$workflow"); then
    echo "valid: ${workflow#"$repo"/}"
  else
    echo "INVALID: ${workflow#"$repo"/}" >&2
    status=1
  fi
done
exit "$status"
