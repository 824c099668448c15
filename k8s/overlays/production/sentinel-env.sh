# Shared by start-redis.sh and start-sentinel.sh: the names of the servers and a check of the password.
redis_host() { echo "redis-$1.redis-headless.${POD_NAMESPACE}.svc"; }
sentinel_host() { echo "redis-sentinel-$1.redis-sentinel-headless.${POD_NAMESPACE}.svc"; }
master_name=lever

# The password goes into configuration lines: refuse one that would need quoting (generate it as the docs say).
case "$REDIS_PASSWORD" in
  '' | *[!A-Za-z0-9+/=._-]*)
    echo "The lever-redis Secret's password must be non-empty and use only A-Z a-z 0-9 + / = . _ -" >&2
    exit 1 ;;
esac

# Prints the current master's host as a sentinel that answers knows it, or nothing when none does (first start).
known_master() {
  for i in 0 1 2; do
    [ "$(sentinel_host "$i")" = "${1:-}" ] && continue
    answer=$(REDISCLI_AUTH="$REDIS_PASSWORD" timeout 3 redis-cli --raw -h "$(sentinel_host "$i")" -p 26379 \
      sentinel get-master-addr-by-name "$master_name" 2>/dev/null) || continue
    host=$(echo "$answer" | sed -n 1p)
    port=$(echo "$answer" | sed -n 2p)
    if [ "$port" = 6379 ] && [ -n "$host" ]; then
      echo "$host"
      return
    fi
  done
}
