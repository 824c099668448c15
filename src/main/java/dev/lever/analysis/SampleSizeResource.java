package dev.lever.analysis;

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
    public SampleSizeAnswer sampleSize(PlanSpec plan) {
        return SampleSizeService.plan(plan);
    }
}
