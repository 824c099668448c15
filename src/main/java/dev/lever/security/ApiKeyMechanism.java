package dev.lever.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <key>}. No header leaves the request anonymous (the resource's
 * {@code @RolesAllowed} then answers 401); any other scheme, or a key that is not configured, fails authentication
 * (401). When {@code lever.auth.enabled} is false every request holds every role.
 *
 * <p>Authentication is lazy ({@code quarkus.http.auth.proactive=false}): it runs when a resource asks for a role, so
 * health checks never look at the header and the resulting errors reach the one problem mapper.
 */
@ApplicationScoped
class ApiKeyMechanism implements HttpAuthenticationMechanism {

    private static final String SCHEME = "Bearer";

    private final ApiKeys keys;
    private final SecurityIdentity open;

    ApiKeyMechanism(ApiKeys keys) {
        this.keys = keys;
        this.open = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("anonymous (lever.auth.enabled=false)"))
                .addRoles(Roles.all())
                .build();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!keys.enabled()) {
            return Uni.createFrom().item(open);
        }
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Uni.createFrom().nullItem();
        }
        if (header.length() <= SCHEME.length() + 1 || !header.regionMatches(true, 0, SCHEME + " ", 0,
                SCHEME.length() + 1)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("not a bearer credential"));
        }
        return identities.authenticate(new ApiKeyRequest(header.substring(SCHEME.length() + 1).strip()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", SCHEME));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION,
                SCHEME.toLowerCase()));
    }
}
