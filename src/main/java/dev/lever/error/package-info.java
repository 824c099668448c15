/**
 * Lever's domain errors and the single place where they, and every framework error, become RFC 9457
 * {@code application/problem+json} answers.
 */
package dev.lever.error;
