package dev.lever.policy;

import org.apache.commons.math3.random.AbstractRandomGenerator;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Standard normal draws shared by every allocation of one snapshot (common random numbers): a contextual policy's
 * Monte-Carlo allocation reads its Gaussians from this table, drawn once per snapshot (of the service's statistics,
 * or of an off-policy replay's), instead of drawing thousands per request. Each request's allocation is then an
 * estimate with the same distribution as before for its context, at the cost of a table read per draw; what the
 * policy reports is still exact, because the decision is drawn from that allocation with the request's own
 * generator. Every other draw comes from that generator's {@code nextDouble}.
 */
public final class CommonNormals extends AbstractRandomGenerator {

    private final double[] normals;
    private final RandomGenerator rng;
    private int next;

    /**
     * @param normals the snapshot's table, read from its start; read again from the start if a policy asks for more
     * @param rng the request's generator
     */
    public CommonNormals(double[] normals, RandomGenerator rng) {
        this.normals = normals;
        this.rng = rng;
    }

    /** A table of n standard normal draws. */
    public static double[] draw(int n, RandomGenerator rng) {
        double[] normals = new double[n];
        for (int i = 0; i < n; i++) {
            normals[i] = rng.nextGaussian();
        }
        return normals;
    }

    @Override
    public double nextGaussian() {
        if (next == normals.length) {
            next = 0;
        }
        return normals[next++];
    }

    @Override
    public void setSeed(long seed) {
        rng.setSeed(seed);
    }

    @Override
    public double nextDouble() {
        return rng.nextDouble();
    }
}
