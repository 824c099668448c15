#!/bin/sh
# Starts one Redis of the set: a replica of the master the sentinels know, or, when no sentinel knows one yet
# (the first start), redis-0 as the master and the others as its replicas. A restarted former master thus comes
# back as a replica of the one promoted meanwhile.
set -eu
. /etc/redis/sentinel-env.sh
self="$(hostname).redis-headless.${POD_NAMESPACE}.svc"
master=$(known_master)
master=${master:-$(redis_host 0)}
# Replicas announce their stable name, not the pod's address, which changes with every restart.
set -- /etc/redis/redis.conf --requirepass "$REDIS_PASSWORD" --masterauth "$REDIS_PASSWORD" \
  --replica-announce-ip "$self"
if [ "$master" != "$self" ]; then
  echo "Starting as a replica of $master"
  set -- "$@" --replicaof "$master" 6379
else
  echo "Starting as the master"
fi
exec redis-server "$@"
