package dev.lever.decision;

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
    public Uni<CovariatesRequest.Receipt> covariates(@PathParam("id") String id, CovariatesRequest request) {
        return decisions.recordCovariates(id, request);
    }
}
