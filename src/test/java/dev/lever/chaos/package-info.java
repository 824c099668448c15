/** Tests that break the service's surroundings (its Redis stopped, silent) under load and check what survives. */
package dev.lever.chaos;
