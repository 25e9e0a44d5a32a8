#!/usr/bin/env bash
# Container health check without curl in the image: GET the readiness group over bash's /dev/tcp
# and succeed on HTTP 200. Port from MANAGEMENT_PORT (every service has one: gateway 8090, ingest 9081, backup
# 9082, push 9083, query 9084), else PORT.
set -euo pipefail
port="${MANAGEMENT_PORT:-${PORT:?neither MANAGEMENT_PORT nor PORT is set}}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 3 status <&3
[[ "$status" == *" 200"* ]]
