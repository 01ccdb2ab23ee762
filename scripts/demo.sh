#!/usr/bin/env bash
# `npm run demo`: sets itself up, then runs the LampControl demo
# (scripts/demo.ts): firmware/examples/LampControl built for a simulated
# Arduino (the Uno if it fits, else the Mega), the mock semilimes cloud, and
# alice in the app, who sees the gauge and the form, flips the switch and
# moves the slider. Prints the conversation and the board's figures.
# Options go to demo.ts: --board B, --lamp on|off, --dim 0-100, --quiet
# (no board console), --no-wait. Exit 0 when the exchange completed without
# validation errors or crashes (an over-budget board is reported, not failed).
# Interactive runs wait for Enter at the end; with stdin not a terminal they
# just finish.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node_modules/.bin/tsx scripts/demo.ts "$@"
