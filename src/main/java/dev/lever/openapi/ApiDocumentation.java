package dev.lever.openapi;

/**
 * The names of the answers the resources refer to in their OpenAPI annotations ({@code ref}); the document's
 * definition is in this package's {@code package-info}, and {@link ProblemResponsesFilter} defines the error answers.
 */
public final class ApiDocumentation {

    /** The name of the bearer API-key security scheme. */
    public static final String API_KEY = "apiKey";
    /** 200: an experiment with its statistics. */
    public static final String EXPERIMENT = "Experiment";
    /** An experiment as the API answers it. */
    static final String EXPERIMENT_EXAMPLE =
            "{\"id\":\"homepage\",\"arms\":[{\"id\":\"model-a\",\"retired\":false},{\"id\":\"model-b\","
            + "\"retired\":false}],\"policy\":{\"type\":\"thompson\",\"alpha\":1.0,\"beta\":1.0,\"propens"
            + "ityDraws\":1000},\"reward\":\"binary\",\"rewardWindow\":\"1d\",\"sticky\":false,\"version"
            + "\":1,\"stats\":[{\"arm\":\"model-a\",\"retired\":false,\"pulls\":0,\"rewards\":0,\"rewardS"
            + "um\":0.0,\"mean\":0.0,\"allocation\":0.494},{\"arm\":\"model-b\",\"retired\":false,\"pulls"
            + "\":0,\"rewards\":0,\"rewardSum\":0.0,\"mean\":0.0,\"allocation\":0.506}]}";
    /** 400: the field at fault and what is allowed. */
    public static final String INVALID = "Invalid";
    /** 404: no such experiment or arm. */
    public static final String NOT_FOUND = "NotFound";
    /** 409: the change conflicts with the experiment as it is. */
    public static final String CONFLICT = "Conflict";
    /** 410: the decision can no longer be rewarded. */
    public static final String EXPIRED = "Expired";
    /** 422: a reward the metric's type does not allow. */
    public static final String UNPROCESSABLE = "Unprocessable";
    /** 503: Redis cannot be reached. */
    public static final String UNAVAILABLE = "Unavailable";

    private ApiDocumentation() {
    }
}
