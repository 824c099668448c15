/** Framework settings that shape Lever's HTTP API as a whole. */
package dev.lever.config;
