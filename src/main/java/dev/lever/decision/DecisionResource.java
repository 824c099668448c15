package dev.lever.decision;

import dev.lever.error.LeverException;
import dev.lever.security.Roles;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /select} and {@code POST /reward}: the calls apps make in their request path, open to client keys. A
 * reward that credits an arm directly (experiment and arm, no decision id) needs an admin key: it is not bound to a
 * decision Lever made, so a client key could otherwise steer any experiment.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final DecisionService decisions;
    private final CurrentIdentityAssociation identity;

    public DecisionResource(DecisionService decisions, CurrentIdentityAssociation identity) {
        this.decisions = decisions;
        this.identity = identity;
    }

    @POST
    @Path("select")
    @RolesAllowed(Roles.CLIENT)
    public Uni<Decision> select(SelectRequest request) {
        return decisions.select(request);
    }

    @POST
    @Path("reward")
    @RolesAllowed(Roles.CLIENT)
    public Uni<RewardReceipt> reward(RewardRequest request) {
        if (request == null || request.decisionId() != null
                || (request.experiment() == null && request.arm() == null)) {
            return decisions.reward(request);
        }
        // The identity is already established: @RolesAllowed above asked for it.
        return identity.getDeferredIdentity().chain(caller -> {
            if (!caller.hasRole(Roles.ADMIN)) {
                throw LeverException.forbidden(request.experiment() != null ? "experiment" : "arm",
                        "a direct reward (experiment and arm, no decisionId) needs " + Roles.describe(Roles.ADMIN)
                                + "; a client key rewards by decisionId");
            }
            return decisions.reward(request);
        });
    }
}
