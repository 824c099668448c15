package dev.lever.policy;

import java.util.SplittableRandom;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A fast, seedable {@link RandomGenerator} backed by {@link SplittableRandom} (SplitMix64), for the hot paths of the
 * service and the simulator. Not thread-safe: give each thread its own instance, e.g. via {@link #split()}.
 */
public final class SplittableRng implements RandomGenerator {

    private SplittableRandom random;

    public SplittableRng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private SplittableRng(SplittableRandom random) {
        this.random = random;
    }

    /** A new generator whose sequence is independent of this one's; deterministic given this one's state. */
    public SplittableRng split() {
        return new SplittableRng(random.split());
    }

    @Override
    public void setSeed(int seed) {
        setSeed((long) seed);
    }

    @Override
    public void setSeed(int[] seed) {
        long s = 0;
        for (int part : seed) {
            s = s * 31 + part;
        }
        setSeed(s);
    }

    @Override
    public void setSeed(long seed) {
        random = new SplittableRandom(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }

    @Override
    public int nextInt() {
        return random.nextInt();
    }

    @Override
    public int nextInt(int n) {
        return random.nextInt(n);
    }

    @Override
    public long nextLong() {
        return random.nextLong();
    }

    @Override
    public boolean nextBoolean() {
        return random.nextBoolean();
    }

    @Override
    public float nextFloat() {
        return random.nextFloat();
    }

    @Override
    public double nextDouble() {
        return random.nextDouble();
    }

    @Override
    public double nextGaussian() {
        return random.nextGaussian();
    }
}
