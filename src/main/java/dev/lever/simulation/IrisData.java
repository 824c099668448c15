package dev.lever.simulation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Iris data set (Fisher, "The use of multiple measurements in taxonomic problems", Annals of Eugenics 7, 1936;
 * the UCI Machine Learning Repository's copy): 150 flowers, 50 of each of three species, four measurements each.
 * It is read from the classpath resource {@value #RESOURCE}, which {@code org.deeplearning4j:deeplearning4j-core}
 * ships (Apache License 2.0; pom.xml takes that jar for this file alone). Each line is
 * {@code sepal length, sepal width, petal length, petal width, class}: four numbers in cm and the class 0 (setosa),
 * 1 (versicolor) or 2 (virginica). Blank lines are skipped; anything else that is not such a line, or a row count
 * other than {@value #ROWS}, fails the load with the line and what was expected.
 *
 * <p>Each feature is standardised over the data set: z = (x - mean) / sd with the mean and the population standard
 * deviation (divided by n) of that feature's 150 values. The linear policies fit one ridge regression per arm with
 * the same penalty on every coordinate and a bias slot of 1 ({@link dev.lever.context.FeatureSpace}); in cm the
 * features differ in scale by a factor of four (petal width's sd is 0.76 cm, petal length's 1.76 cm) and sit far
 * from 0 (sepal length's mean is 5.8 cm), so the penalty would weigh them unequally and the bias would be confounded
 * with them. Standardised, every feature has mean 0 and variance 1, as the feature space's documentation asks of
 * numbers.
 *
 * @param examples the {@value #ROWS} flowers in the resource's order, features standardised
 * @param mean each feature's mean in cm, in {@link #FEATURES} order
 * @param sd each feature's population standard deviation in cm
 */
record IrisData(List<Example> examples, double[] mean, double[] sd) {

    static final String RESOURCE = "iris.dat";
    static final int ROWS = 150;
    /** The context's feature names, in the resource's column order. */
    static final List<String> FEATURES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
    /** The species, indexed by class. */
    static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");

    IrisData {
        examples = List.copyOf(examples);
    }

    /**
     * One flower.
     *
     * @param context the standardised features by name, as a client would send them to {@code /select}
     * @param species the class, an index into {@link #SPECIES}
     */
    record Example(Map<String, Object> context, int species) {

        Example {
            context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
        }
    }

    /**
     * The data set from the classpath.
     *
     * @throws IllegalStateException when the resource is absent or malformed
     */
    static IrisData load() {
        return load(IrisData.class.getClassLoader());
    }

    /** The data set from the resource as this class loader finds it. */
    static IrisData load(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: it ships in "
                        + "org.deeplearning4j:deeplearning4j-core, which pom.xml declares for it");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * The data set from the lines of {@value #RESOURCE}.
     *
     * @throws IllegalStateException naming the line when one is not four finite positive numbers and a class in
     *     0..2, or when there are not {@value #ROWS} rows
     */
    static IrisData parse(List<String> lines) {
        List<double[]> rows = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                rows.add(measurements(line, i + 1));
                classes.add(species(line, i + 1));
            }
        }
        if (rows.size() != ROWS) {
            throw new IllegalStateException(RESOURCE + " must hold " + ROWS + " rows, held " + rows.size());
        }
        int f = FEATURES.size();
        double[] mean = new double[f];
        double[] sd = new double[f];
        for (int j = 0; j < f; j++) {
            int column = j;
            mean[j] = rows.stream().mapToDouble(r -> r[column]).average().orElseThrow();
            sd[j] = Math.sqrt(rows.stream().mapToDouble(r -> (r[column] - mean[column]) * (r[column] - mean[column]))
                    .sum() / rows.size());
            if (sd[j] == 0) {
                throw new IllegalStateException(RESOURCE + ": " + FEATURES.get(j) + " is the same in every row, so it "
                        + "cannot be standardised");
            }
        }
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> context = new LinkedHashMap<>();
            for (int j = 0; j < f; j++) {
                context.put(FEATURES.get(j), (rows.get(i)[j] - mean[j]) / sd[j]);
            }
            examples.add(new Example(context, classes.get(i)));
        }
        return new IrisData(examples, mean, sd);
    }

    private static double[] measurements(String line, int number) {
        String[] cells = line.split(",", -1);
        if (cells.length != FEATURES.size() + 1) {
            throw malformed(number, line, "has " + cells.length + " fields");
        }
        double[] values = new double[FEATURES.size()];
        for (int j = 0; j < values.length; j++) {
            try {
                values[j] = Double.parseDouble(cells[j].strip());
            } catch (NumberFormatException e) {
                throw malformed(number, line, FEATURES.get(j) + " is not a number");
            }
            if (!Double.isFinite(values[j]) || values[j] <= 0) {
                throw malformed(number, line, FEATURES.get(j) + " is not a positive length in cm");
            }
        }
        return values;
    }

    private static int species(String line, int number) {
        String cell = line.substring(line.lastIndexOf(',') + 1).strip();
        for (int c = 0; c < SPECIES.size(); c++) {
            if (cell.equals(Integer.toString(c))) {
                return c;
            }
        }
        throw malformed(number, line, "the class is not one of 0.." + (SPECIES.size() - 1));
    }

    private static IllegalStateException malformed(int number, String line, String problem) {
        return new IllegalStateException(RESOURCE + " line " + number + " (" + line + "): " + problem + "; expected "
                + "four lengths in cm and the class 0.." + (SPECIES.size() - 1) + ", comma-separated");
    }
}
