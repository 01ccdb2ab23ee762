#!/usr/bin/env bash
# `npm run demo`: sets itself up, then runs the demo (scripts/demo.ts) on a
# simulated Arduino (the Uno if LampControl fits it, else the Mega) against
# the mock semilimes cloud, with alice playing the app:
#   - firmware/examples/Provisioning: the device registers and draws its claim
#     QR on the console; alice scans it and claims the device, which gets its
#     own API key, keeps it in EEPROM, connects and greets alice; the board
#     reboots and comes online from EEPROM without a QR;
#   - firmware/examples/LampControl (with a seeded API key): alice sees the
#     gauge and the form, flips the switch and moves the slider; the board
#     sets the lamp and reports back.
# Prints the progress, the conversation and the board's figures.
# Options (to demo.ts): --board B, --lamp on|off, --dim 0-100, --quiet (no
# board console), --no-claim (skip the QR step), --no-wait.
# Exit 0 when the exchanges completed without validation errors or crashes
# (a board over the SDK's budget is reported, not failed). Interactive runs
# wait for Enter at the end; with stdin not a terminal they just finish.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node_modules/.bin/tsx scripts/demo.ts "$@"
