#!/usr/bin/env bash
# `npm run demo`: sets itself up, then runs the demo. The end-to-end demo (a
# simulated Uno provisioned by QR against the mock cloud, exchanging gauge and
# form messages) is not built yet; until it is, this says what it will do.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cat <<'MSG'
semilimes SDK demo (not built yet). When it is, this command will:
  1. build firmware/examples/LampControl for a simulated Arduino Uno,
  2. start the mock semilimes cloud on 127.0.0.1,
  3. show the device's claim QR in this terminal and claim it as the app would,
  4. exchange a gauge and a form with the app (flip the switch, move the slider),
  5. print the conversation and the board's flash, RAM and cycle figures.
MSG
