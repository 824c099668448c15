package dev.lever.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.context.FeatureSpace;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Iris loader, on the resource the packaged jar ships and on broken copies of it. */
class IrisDataTest {

    private final IrisData iris = IrisData.load();

    @Test
    void theResourceIsIrisFiftyFlowersOfEachSpecies() {
        assertEquals(IrisData.ROWS, iris.examples().size());
        assertArrayEquals(new int[] {50, 50, 50}, speciesCounts());
        // The summary statistics the UCI repository publishes with the data set (iris.names, to two decimals):
        // means 5.84, 3.05, 3.76, 1.20 cm and standard deviations 0.83, 0.43, 1.76, 0.76 cm.
        double[] mean = {5.84, 3.05, 3.76, 1.20};
        double[] sd = {0.83, 0.43, 1.76, 0.76};
        for (int j = 0; j < mean.length; j++) {
            assertEquals(mean[j], iris.mean()[j], 0.005, IrisData.FEATURES.get(j) + " mean");
            assertEquals(sd[j], iris.sd()[j], 0.005, IrisData.FEATURES.get(j) + " sd");
        }
        // The first line of the file is 5.1,3.5,1.4,0.2,0: a setosa.
        IrisData.Example first = iris.examples().get(0);
        assertEquals(0, first.species());
        assertEquals((5.1 - iris.mean()[0]) / iris.sd()[0], (double) first.context().get("sepal_length"), 1e-12);
        assertEquals((0.2 - iris.mean()[3]) / iris.sd()[3], (double) first.context().get("petal_width"), 1e-12);
    }

    @Test
    void everyFeatureIsStandardisedOverTheDataSet() {
        for (String feature : IrisData.FEATURES) {
            double[] z = iris.examples().stream().mapToDouble(e -> (double) e.context().get(feature)).toArray();
            double mean = Arrays.stream(z).average().orElseThrow();
            double variance = Arrays.stream(z).map(v -> (v - mean) * (v - mean)).sum() / z.length;
            assertEquals(0, mean, 1e-12, feature);
            assertEquals(1, variance, 1e-12, feature);
        }
    }

    @Test
    void theFourFeaturesHashToFourSlots() {
        // A shared slot would add two measurements into one coordinate of the linear policies' model.
        FeatureSpace space = new FeatureSpace(ContextualScenarios.DIMENSION);
        for (IrisData.Example example : iris.examples()) {
            assertEquals(1 + IrisData.FEATURES.size(), space.encode(example.context()).index().length);
        }
    }

    @Test
    void anAbsentResourceFailsNamingThePackage() {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> IrisData.load(empty));
            assertTrue(e.getMessage().contains("deeplearning4j-core"), e.getMessage());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMalformedResourceFailsNamingTheLine() {
        List<String> lines = resourceLines();
        assertRefused(lines.subList(0, 149), "must hold 150 rows, held 149");
        assertRefused(with(lines, 6, "4.6,3.4,1.4,0.3,3"), "line 7 (4.6,3.4,1.4,0.3,3): the class is not one of 0..2");
        assertRefused(with(lines, 6, "4.6,3.4,1.4,0.3"), "line 7 (4.6,3.4,1.4,0.3): has 4 fields");
        assertRefused(with(lines, 0, "5.1,x,1.4,0.2,0"), "line 1 (5.1,x,1.4,0.2,0): sepal_width is not a number");
        assertRefused(with(lines, 0, "5.1,3.5,-1.4,0.2,0"), "petal_length is not a positive length in cm");
        List<String> withBlank = new ArrayList<>(lines);
        withBlank.add(3, "   ");
        assertEquals(IrisData.ROWS, IrisData.parse(withBlank).examples().size());
    }

    private int[] speciesCounts() {
        int[] counts = new int[IrisData.SPECIES.size()];
        iris.examples().forEach(e -> counts[e.species()]++);
        return counts;
    }

    private static void assertRefused(List<String> lines, String expected) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> IrisData.parse(lines));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static List<String> with(List<String> lines, int index, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(index, line);
        return copy;
    }

    private static List<String> resourceLines() {
        try (InputStream in = IrisDataTest.class.getClassLoader().getResourceAsStream(IrisData.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
