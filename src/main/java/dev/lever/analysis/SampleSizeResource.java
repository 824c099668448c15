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
import dev.lever.analysis.Views.SampleSizeAnswer;
import dev.lever.experiment.PlanSpec;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /sample-size}: units per arm for a planned test. */
@Path("/sample-size")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SampleSizeResource {

    @POST
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Plan a test's sample size",
            description = "Units per arm to detect the minimum effect with the given power at the given significance "
                    + "level.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PlanSpec.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"baseline\": 0.10, \"minimumDetectableEffect\": 0.2}")))
    @APIResponse(responseCode = "200", description = "The sample size",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SampleSizeAnswer.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"controlUnits\":3839,\"challengerUnits\":3839,\"totalUnits\":7678,\"alpha\":0.05,\"p"
                    + "ower\":0.8}")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    public SampleSizeAnswer sampleSize(PlanSpec plan) {
        return SampleSizeService.plan(plan);
    }
}
