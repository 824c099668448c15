/**
 * The OpenAPI document at {@code /q/openapi} (and Swagger UI at {@code /q/swagger-ui}): the API's title, its bearer
 * API-key scheme, the Problem schema and the answers the resources share. Each resource documents its own
 * operations with MicroProfile OpenAPI annotations, referring to the answers named in {@link
 * dev.lever.openapi.ApiDocumentation}. The definition sits here because SmallRye OpenAPI reads
 * {@code @OpenAPIDefinition} only from a package or a JAX-RS {@code Application} class.
 */
@OpenAPIDefinition(
        info = @Info(title = "Lever", version = "1",
                description = "Multi-armed bandit and A/B decision engine. POST /select answers an arm, a signed "
                        + "decision id and its propensity; POST /reward credits a decision. Every call needs an API "
                        + "key (Authorization: Bearer <key>) of a role that allows it: admin, client or viewer. "
                        + "Every error is an application/problem+json answer naming the field at fault."),
        security = @SecurityRequirement(name = dev.lever.openapi.ApiDocumentation.API_KEY),
        components = @Components(
                securitySchemes = @SecurityScheme(securitySchemeName = dev.lever.openapi.ApiDocumentation.API_KEY,
                        type = SecuritySchemeType.HTTP, scheme = "bearer", description = "An API key of "
                                + "lever.auth.admin-keys, lever.auth.client-keys or lever.auth.viewer-keys"),
                schemas = @Schema(name = "Problem", implementation = Problem.class,
                        description = "An RFC 9457 problem detail with the field at fault"),
                responses = @APIResponse(name = dev.lever.openapi.ApiDocumentation.EXPERIMENT, responseCode = "200",
                        description = "The experiment: its definition with every default written out, and each "
                                + "arm's statistics and current allocation",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = ExperimentView.class),
                                examples = @ExampleObject(name = "experiment",
                                        value = dev.lever.openapi.ApiDocumentation.EXPERIMENT_EXAMPLE)))))
package dev.lever.openapi;

import dev.lever.error.Problem;
import dev.lever.experiment.ExperimentView;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
