package dev.lever.experiment;

import dev.lever.openapi.ApiDocumentation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lever.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.ResponseStatus;

/** The experiments API. */
@Path("/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {

    /** The media type of an RFC 7396 JSON merge patch. */
    public static final String MERGE_PATCH = "application/merge-patch+json";

    private final ExperimentService experiments;

    public ExperimentResource(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List every experiment's definition",
            description = "Definitions only, ordered by id, without statistics.")
    @APIResponse(responseCode = "200", description = "Every experiment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ExperimentView.class, type = SchemaType.ARRAY),
            examples = @ExampleObject(name = "example",
                    value = "[{\"id\":\"homepage\",\"arms\":[{\"id\":\"model-a\",\"retired\":false},{\"id\":\"model"
                    + "-b\",\"retired\":false}],\"policy\":{\"type\":\"thompson\",\"alpha\":1.0,\"beta\":1.0,"
                    + "\"propensityDraws\":1000},\"reward\":\"binary\",\"rewardWindow\":\"1d\",\"sticky\":fal"
                    + "se,\"version\":1}]")))
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<List<ExperimentView>> list() {
        return experiments.list();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{id}")
    @Operation(summary = "Read an experiment with its statistics",
            description = "The definition, every default written out, and each arm's pulls, rewards, mean and current "
                    + "allocation.")
    @APIResponse(responseCode = "200", ref = ApiDocumentation.EXPERIMENT)
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<ExperimentView> get(@PathParam("id") String id) {
        return experiments.view(id);
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace an experiment",
            description = "Creates the experiment, or replaces its definition keeping its statistics. A replace may "
                    + "change the policy, window and stickiness, add and retire arms; not the reward type, nor drop "
                    + "an arm (409).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ExperimentSpec.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"arms\": [\"model-a\", \"model-b\"], \"policy\": {\"type\": \"thompson\"}, \"reward"
                    + "\": \"binary\", \"rewardWindow\": \"24h\"}")))
    @APIResponse(responseCode = "200", ref = ApiDocumentation.EXPERIMENT)
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<ExperimentView> put(@PathParam("id") String id, ExperimentSpec spec) {
        return experiments.put(id, spec);
    }

    /** Partial changes as an RFC 7396 JSON merge patch of the definition. */
    @PATCH
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}")
    @Consumes(MERGE_PATCH)
    @Operation(summary = "Change part of an experiment (RFC 7396 merge patch)",
            description = "Members of the patch replace those of the stored definition, nested objects merge, null "
                    + "removes a field, an array replaces the whole list; the result must pass every rule a PUT must.")
    @RequestBody(required = true, content = @Content(mediaType = MERGE_PATCH,
            schema = @Schema(implementation = Object.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"rewardWindow\": \"48h\", \"policy\": {\"propensityDraws\": 2000}}")))
    @APIResponse(responseCode = "200", ref = ApiDocumentation.EXPERIMENT)
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<ExperimentView> patch(@PathParam("id") String id, JsonNode patch) {
        return experiments.patch(id, patch);
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Delete an experiment",
            description = "Deletes its definition and statistics; its outstanding decisions can no longer be rewarded.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<Void> delete(@PathParam("id") String id) {
        return experiments.delete(id);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}/arms")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add an arm")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ArmRequest.class),
            examples = {@ExampleObject(name = "an arm", value = "{\"id\": \"model-c\"}"),
                    @ExampleObject(name = "an arm with attributes (shared model)",
                            value = "{\"id\": \"new-tech-clip\", \"features\": {\"topic\": \"tech\", "
                                    + "\"length\": 0.2, \"video\": true}}")}))
    @APIResponse(responseCode = "200", ref = ApiDocumentation.EXPERIMENT)
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<ExperimentView> addArm(@PathParam("id") String id, ArmRequest arm) {
        return experiments.addArm(id, arm == null ? null : arm.id(), arm == null ? null : arm.features());
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}/arms/{arm}/retire")
    @Operation(summary = "Retire an arm",
            description = "The arm gets no traffic from now on, sticky units leave it, and its statistics stay.")
    @APIResponse(responseCode = "200", ref = ApiDocumentation.EXPERIMENT)
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<ExperimentView> retireArm(@PathParam("id") String id, @PathParam("arm") String arm) {
        return experiments.retireArm(id, arm);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}/arms/{arm}/reinstate")
    @Operation(summary = "Reinstate an arm",
            description = "A retired arm, or one a guardrail stopped, gets traffic again. A guardrail's stop record "
                    + "stays in the definition, marked reinstated, and the guardrails no longer stop that arm.")
    @APIResponse(responseCode = "200", ref = ApiDocumentation.EXPERIMENT)
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<ExperimentView> reinstateArm(@PathParam("id") String id, @PathParam("arm") String arm) {
        return experiments.reinstateArm(id, arm);
    }
}
