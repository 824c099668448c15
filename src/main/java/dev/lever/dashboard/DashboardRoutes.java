package dev.lever.dashboard;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Sends {@code /dashboard} to {@code /dashboard/}, where the page's relative links resolve. A browser keeps the URL
 * fragment across the redirect, so {@code /dashboard#key=...} still hands the page its key.
 */
@ApplicationScoped
class DashboardRoutes {

    static final String PATH = "/dashboard";

    void install(@Observes Router router) {
        // A regular expression, because a plain route for /dashboard would also match /dashboard/.
        router.getWithRegex("^" + PATH + "$").handler(context -> context.response()
                .setStatusCode(301)
                .putHeader(HttpHeaders.LOCATION, PATH + "/")
                .end());
    }
}
