package dev.lever.analysis;

import dev.lever.openapi.ApiDocumentation;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.lever.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.lever.analysis.Views.Analysis;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /experiments/{id}/analysis}: the statistics of a fixed-split experiment and a verdict. */
@Path("/experiments/{id}/analysis")
@Produces(MediaType.APPLICATION_JSON)
public class AnalysisResource {

    private final AnalysisService analyses;

    public AnalysisResource(AnalysisService analyses) {
        this.analyses = analyses;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Analyse a fixed-split experiment",
            description = "Per-arm estimates with intervals, each challenger against the control, guardrails, the "
                    + "sample-ratio check and a verdict.")
    @APIResponse(responseCode = "200", description = "The analysis",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Analysis.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"experiment\":\"checkout\",\"test\":\"fixed-horizon\",\"unit\":\"user\",\"alpha\":0."
                    + "05,\"control\":\"a\",\"verdict\":{\"decision\":\"continue\",\"reason\":\"the planned s"
                    + "ample is not reached yet\"}}")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<Analysis> analysis(@PathParam("id") String id) {
        return analyses.analyse(id);
    }
}
