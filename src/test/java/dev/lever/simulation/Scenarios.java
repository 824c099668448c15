package dev.lever.simulation;

import dev.lever.policy.Policies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small scenarios built in code for the tests. */
final class Scenarios {

    private Scenarios() {
    }

    static List<ArmModel> bernoulli(double... means) {
        List<ArmModel> arms = new ArrayList<>();
        for (int i = 0; i < means.length; i++) {
            arms.add(new ArmModel("arm-" + i, means[i], 0, List.of(), null));
        }
        return arms;
    }

    static Scenario.Contender contender(String type, Map<String, ?> parameters) {
        return new Scenario.Contender(type + parameters, Policies.of(type, parameters));
    }

    static Scenario of(List<ArmModel> arms, int horizon, int repetitions, Scenario.Contender... contenders) {
        return new Scenario("test", "", horizon, repetitions, 99, arms, 0, 1, 1, List.of(contenders));
    }

    static Report.PolicySummary summary(Report report, String label) {
        return report.policies().stream().filter(p -> p.label().equals(label)).findFirst().orElseThrow();
    }

    static double at(Report report, Report.PolicySummary p, long t) {
        for (int c = 0; c < report.checkpoints().length; c++) {
            if (report.checkpoints()[c] == t) {
                return p.mean()[c];
            }
        }
        throw new IllegalArgumentException("no checkpoint at " + t);
    }
}
