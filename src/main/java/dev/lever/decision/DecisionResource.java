package dev.lever.decision;

import dev.lever.openapi.ApiDocumentation;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @Operation(summary = "Choose an arm for a unit",
            description = "Draws an arm from the policy's current allocation and answers it with a signed decision id "
                    + "(send it back with the reward) and its propensity. A client key suffices. During a Redis "
                    + "outage an experiment this replica has loaded is served from its last statistics, marked "
                    + "degraded.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SelectRequest.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"experiment\": \"homepage\", \"unit\": \"user-42\"}")))
    @APIResponse(responseCode = "200", description = "The decision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Decision.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"decisionId\":\"AQAAAaIMDClcFl4ouPZ6TgvDuvT2mWG2aE-XUGBXeGPNCGhvbWVwYWdlB21vZGVsLWL3"
                    + "yQpn3d7HlbWt5k-z3Vi7\",\"experiment\":\"homepage\",\"arm\":\"model-b\",\"propensity\":"
                    + "0.493,\"policy\":\"thompson\"}")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    @RolesAllowed(Roles.CLIENT)
    public Uni<Decision> select(SelectRequest request) {
        return decisions.select(request);
    }

    @POST
    @Path("reward")
    @Operation(summary = "Credit a decision with its reward",
            description = "Credits the decision's arm once: a retried reward answers duplicate and counts nothing. "
                    + "With experiment and arm instead of a decision id (an admin key only), credits the arm "
                    + "directly, counting one pull and one reward.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RewardRequest.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"decisionId\": \"AQAAAaIMDClcFl4ouPZ6TgvDuvT2mWG2aE-XUGBXeGPNCGhvbWVwYWdlB21vZGVsLWL"
                    + "3yQpn3d7HlbWt5k-z3Vi7\", \"reward\": 1}")))
    @APIResponse(responseCode = "200", description = "accepted (counted) or duplicate (counted before)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RewardReceipt.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"status\":\"accepted\",\"experiment\":\"homepage\",\"arm\":\"model-b\"}")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "410", ref = ApiDocumentation.EXPIRED)
    @APIResponse(responseCode = "422", ref = ApiDocumentation.UNPROCESSABLE)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
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
