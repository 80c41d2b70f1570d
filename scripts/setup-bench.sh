#!/usr/bin/env bash
# Installs what `npm run bench` needs and is idempotent: nginx (the reference proxy) and wrk (closed-loop load) from
# Debian, and zip (the CAR reference). autocannon (open-loop p99) is a devDependency installed by `npm ci`.
# nginx is only installed: the bench starts its own instance with its own config in a temporary folder; the
# distribution's service is left stopped so that it does not hold port 80 or use CPU during the runs.
set -euo pipefail
need=()
command -v nginx >/dev/null 2>&1 || need+=(nginx)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v zip >/dev/null 2>&1 || need+=(zip)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # policy-rc.d 101: do not start the packaged nginx service on install
  if [ -d /usr/sbin ] && [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT INT TERM
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# autocannon comes with the project's devDependencies; never reinstall node_modules from here (others may be using it)
if [ ! -d "$(dirname "$0")/../node_modules/autocannon" ]; then
  echo "setup-bench: autocannon is missing: run 'npm install' in the repository first" >&2
  exit 1
fi
echo "setup-bench: nginx $(nginx -v 2>&1 | sed 's/.*\///'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'), $(zip -v | sed -n 2p | awk '{print $3, $4}')"
