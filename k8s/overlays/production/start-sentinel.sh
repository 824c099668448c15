#!/bin/sh
# Starts one sentinel, monitoring the master the other sentinels know, or redis-0 on the first start. Its
# configuration is written to the pod's memory volume (a sentinel rewrites it as the set changes).
set -eu
. /etc/redis/sentinel-env.sh
self="$(hostname).redis-sentinel-headless.${POD_NAMESPACE}.svc"
master=$(known_master "$self")
master=${master:-$(redis_host 0)}
echo "Monitoring $master"
cat > /data/sentinel.conf <<CONF
port 26379
dir /data
# Names, not pod addresses: they survive restarts.
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $self
# Clients (Lever, the other sentinels) authenticate with the same password as Redis.
requirepass "$REDIS_PASSWORD"
# Two sentinels of three must agree that the master is down before a failover starts.
sentinel monitor $master_name $master 6379 2
sentinel auth-pass $master_name "$REDIS_PASSWORD"
sentinel down-after-milliseconds $master_name 5000
sentinel failover-timeout $master_name 60000
sentinel parallel-syncs $master_name 1
CONF
exec redis-server /data/sentinel.conf --sentinel
