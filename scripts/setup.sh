#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine with Node 20 (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need_apt=()
# zip/unzip: packaging tests compare with `zip -r`; the real servers some runtime tests start themselves, each in a
# private folder on a free port of 127.0.0.1: dovecot (Email connector, IMAP and POP3), PostgreSQL and MariaDB (data services),
# vsftpd and sshd (File connector and VFS transport on FTP, FTPS and SFTP), RabbitMQ (endpoints, inbounds, stores),
# mosquitto (MQTT inbound endpoints)
for pkg in zip unzip dovecot-imapd dovecot-pop3d postgresql mariadb-server vsftpd openssh-server rabbitmq-server mosquitto; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  # the packages' own services are not wanted (the tests start their own instances): deny service starts while
  # installing, as in any container without an init system
  policy=/usr/sbin/policy-rc.d
  made_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod +x "$policy"
    made_policy=1
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  if [ -n "$made_policy" ]; then rm -f "$policy"; fi
fi
npm ci --no-audit --no-fund
scripts/setup-e2e.sh # the real-VS-Code end-to-end rig (code-server, Chromium)
