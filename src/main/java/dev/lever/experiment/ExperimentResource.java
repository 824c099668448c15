package dev.lever.experiment;

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
    public Uni<List<ExperimentView>> list() {
        return experiments.list();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{id}")
    public Uni<ExperimentView> get(@PathParam("id") String id) {
        return experiments.view(id);
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ExperimentView> put(@PathParam("id") String id, ExperimentSpec spec) {
        return experiments.put(id, spec);
    }

    /** Partial changes as an RFC 7396 JSON merge patch of the definition. */
    @PATCH
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}")
    @Consumes(MERGE_PATCH)
    public Uni<ExperimentView> patch(@PathParam("id") String id, JsonNode patch) {
        return experiments.patch(id, patch);
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}")
    @ResponseStatus(204)
    public Uni<Void> delete(@PathParam("id") String id) {
        return experiments.delete(id);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}/arms")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ExperimentView> addArm(@PathParam("id") String id, ArmRequest arm) {
        return experiments.addArm(id, arm == null ? null : arm.id());
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}/arms/{arm}/retire")
    public Uni<ExperimentView> retireArm(@PathParam("id") String id, @PathParam("arm") String arm) {
        return experiments.retireArm(id, arm);
    }
}
