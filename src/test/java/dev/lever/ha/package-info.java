/**
 * Lever on the Redis topologies a platform team runs, each started by the test itself from {@code redis-server}
 * (see {@link dev.lever.testing.RedisTopology}): Sentinel with a failover under load, Cluster, and replica
 * acknowledgements with a frozen replica.
 */
package dev.lever.ha;
