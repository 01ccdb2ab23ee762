#!/usr/bin/env bash
# `npm test`: set up, run every jest suite (TypeScript and the C++ suites they
# drive), and end with one plain line `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
mkdir -p build
summary=build/jest-summary.json
rm -f "$summary"
npx jest --json --outputFile="$summary" "$@"
status=$?
if [[ -f $summary ]]; then
  node -e '
    const s = require(process.argv[1]);
    console.log(`${s.numPassedTests} passed, ${s.numFailedTests + s.numRuntimeErrorTestSuites} failed`);
  ' "$PWD/$summary"
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
