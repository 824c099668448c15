/**
 * API keys with roles: who may call what. A bearer key from configuration authenticates a request as
 * {@link dev.lever.security.Roles#ADMIN admin}, {@link dev.lever.security.Roles#CLIENT client} or
 * {@link dev.lever.security.Roles#VIEWER viewer}; the resources state the role each call needs with
 * {@code @RolesAllowed}. Health endpoints stay open.
 */
package dev.lever.security;
