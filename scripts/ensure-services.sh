#!/usr/bin/env bash
# Makes sure the local PostgreSQL and Redis answer, starting them with this machine's commands when they
# are down. Skipped for a service whose URL points at another host.
set -euo pipefail

answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for() {
  local name=$1 host=$2 port=$3
  for _ in $(seq 1 30); do
    answers "$host" "$port" && return 0
    sleep 1
  done
  echo "$name does not answer on $host:$port" >&2
  return 1
}

is_local() { [[ -z "$1" || "$1" == *"@127.0.0.1"* || "$1" == *"@localhost"* || "$1" == *"//127.0.0.1"* || "$1" == *"//localhost"* ]]; }

if is_local "${DATABASE_URL:-}" && ! answers 127.0.0.1 5432; then
  echo "PostgreSQL is down; starting it"
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  else
    echo "Install and start PostgreSQL (listening on 127.0.0.1:5432, user postgres), or set DATABASE_URL" >&2
    exit 1
  fi
  wait_for PostgreSQL 127.0.0.1 5432
fi

if is_local "${REDIS_URL:-}" && ! answers 127.0.0.1 6379; then
  echo "Redis is down; starting it"
  if command -v redis-server >/dev/null 2>&1; then
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
  else
    echo "Install and start Redis (listening on 127.0.0.1:6379), or set REDIS_URL" >&2
    exit 1
  fi
  wait_for Redis 127.0.0.1 6379
fi
