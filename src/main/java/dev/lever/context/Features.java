package dev.lever.context;

import java.util.Arrays;

/**
 * A sparse feature vector of a {@link FeatureSpace}: the non-zero slots in increasing order and their values. Slot
 * 0, the bias, is always present with value 1.
 *
 * @param dimension the space's dimension d
 * @param index the non-zero slots, strictly increasing, each in [0, d)
 * @param value the value of each slot, finite, representable as a 32-bit float (so that a decision id carries it
 *     exactly)
 */
public record Features(int dimension, int[] index, double[] value) {

    public Features {
        if (index.length != value.length) {
            throw new IllegalArgumentException("index and value differ in length: " + index.length + " and "
                    + value.length);
        }
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= dimension || (i > 0 && index[i] <= index[i - 1])) {
                throw new IllegalArgumentException("slots must increase within [0, " + dimension + "), were "
                        + Arrays.toString(index));
            }
            if (!Double.isFinite(value[i]) || (double) (float) value[i] != value[i]) {
                throw new IllegalArgumentException("slot " + index[i] + " must hold a finite 32-bit float, was "
                        + value[i]);
            }
        }
        index = index.clone();
        value = value.clone();
    }

    /** The number of non-zero slots. */
    public int size() {
        return index.length;
    }

    public int index(int i) {
        return index[i];
    }

    public double value(int i) {
        return value[i];
    }

    /** The vector as a dense array of length d. */
    public double[] dense() {
        double[] x = new double[dimension];
        for (int i = 0; i < index.length; i++) {
            x[index[i]] = value[i];
        }
        return x;
    }

    @Override
    public int[] index() {
        return index.clone();
    }

    @Override
    public double[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Features f && f.dimension == dimension && Arrays.equals(f.index, index)
                && Arrays.equals(f.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dimension + Arrays.hashCode(index)) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Features[d=").append(dimension);
        for (int i = 0; i < index.length; i++) {
            text.append(' ').append(index[i]).append(':').append(value[i]);
        }
        return text.append(']').toString();
    }
}
