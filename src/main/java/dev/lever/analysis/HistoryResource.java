package dev.lever.analysis;

import dev.lever.openapi.ApiDocumentation;
import dev.lever.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /experiments/{id}/history?from=&to=&bucket=}: an experiment's statistics per time bucket. */
@Path("/experiments/{id}/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    private final HistoryService history;

    public HistoryResource(HistoryService history) {
        this.history = history;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "An experiment's statistics per time bucket",
            description = "Pulls, rewards, mean and mean allocation per arm and bucket (A/B tests: every metric's "
                    + "count and sum too); every bucket of the range is listed. The buckets' pulls add up to the "
                    + "experiment's.")
    @APIResponse(responseCode = "200", description = "The buckets of the range, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = HistoryView.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"experiment\":\"homepage\",\"bucket\":\"PT1M\",\"from\":\"2026-11-29T14:27:00Z\","
                    + "\"to\":\"2026-11-29T14:28:00Z\",\"points\":[{\"start\":\"2026-11-29T14:27:00Z\",\"arms\":"
                    + "[{\"arm\":\"model-a\",\"pulls\":8,\"rewards\":8,\"rewardSum\":1.0,\"mean\":0.125,"
                    + "\"allocation\":0.148}]}]}")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<HistoryView> history(@PathParam("id") String id,
            @Parameter(description = "ISO-8601 instant (UTC); default an hour before `to`, or the creation if later")
            @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant (UTC); default now") @QueryParam("to") String to,
            @Parameter(description = "ISO-8601 duration, a multiple of a stored bucket (PT1M, PT1H by default); "
                    + "default the finest that covers the range in at most lever.history.max-points points")
            @QueryParam("bucket") String bucket) {
        return history.history(id, from, to, bucket);
    }
}
