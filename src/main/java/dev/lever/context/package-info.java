/**
 * Request contexts as feature vectors: the hashing trick that maps any set of named strings, numbers and booleans
 * into a fixed number of dimensions, so that the state a personalized policy keeps per arm stays bounded whatever
 * the clients send.
 *
 * <p>Pure: no HTTP, Redis or Quarkus type. The decision service and the simulator encode contexts with the same
 * code.
 */
package dev.lever.context;
