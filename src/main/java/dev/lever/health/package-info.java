/** Liveness and readiness checks for Kubernetes. */
package dev.lever.health;
