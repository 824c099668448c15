package dev.lever.decision;

import dev.lever.openapi.ApiDocumentation;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.lever.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /experiments/{id}/covariates}: units' pre-experiment values, for CUPED, in bulk. */
@Path("/experiments/{id}/covariates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CovariatesResource {

    private final DecisionService decisions;

    public CovariatesResource(DecisionService decisions) {
        this.decisions = decisions;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Record units' pre-experiment values (CUPED covariates)",
            description = "Up to 10,000 units in one atomic step: a request with any invalid entry records nothing. "
                    + "For fixed splits by user or session.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CovariatesRequest.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"units\": [{\"unit\": \"user-42\", \"values\": {\"revenue\": 12.5}}]}")))
    @APIResponse(responseCode = "200", description = "Recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CovariatesRequest.Receipt.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"experiment\":\"checkout\",\"units\":1}")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<CovariatesRequest.Receipt> covariates(@PathParam("id") String id, CovariatesRequest request) {
        return decisions.recordCovariates(id, request);
    }
}
