package dev.lever.analysis;

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
    public Uni<Analysis> analysis(@PathParam("id") String id) {
        return analyses.analyse(id);
    }
}
