/**
 * The dashboard at {@code /dashboard/}: static pages (under {@code META-INF/resources/dashboard}) that read the
 * viewer API in the browser, and the little the server does for them. The pages carry no credentials; every data
 * call they make needs a key like any other API call.
 */
package dev.lever.dashboard;
