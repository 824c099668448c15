package dev.lever.simulation;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on the terminal for runs longer than a second: drawn on one line (carriage return) every 200 ms
 * once the first second has passed, and only when the output is a terminal.
 */
final class ProgressBar implements ProgressCounter, AutoCloseable {

    private static final int WIDTH = 30;

    private final AtomicLong done = new AtomicLong();
    private final long total;
    private final String label;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private final Thread painter;
    private volatile boolean drawn;

    ProgressBar(String label, long total, PrintStream out, boolean terminal) {
        this.label = label;
        this.total = Math.max(1, total);
        this.out = out;
        this.painter = new Thread(this::paintLoop, "progress");
        this.painter.setDaemon(true);
        if (terminal) {
            painter.start();
        }
    }

    @Override
    public void add(long steps) {
        done.addAndGet(steps);
    }

    private void paintLoop() {
        try {
            Thread.sleep(1000);
            while (!Thread.currentThread().isInterrupted()) {
                paint();
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void paint() {
        double fraction = Math.min(1.0, (double) done.get() / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double elapsed = (System.nanoTime() - started) / 1e9;
        double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : Double.NaN;
        out.printf(Locale.ROOT, "\r%s [%s%s] %3.0f%%  %.1fs elapsed, %s left ", label, "#".repeat(filled),
                " ".repeat(WIDTH - filled), 100 * fraction, elapsed, Double.isNaN(eta) ? "?" : String.format(
                        Locale.ROOT, "%.1fs", eta));
        out.flush();
        drawn = true;
    }

    @Override
    public void close() {
        painter.interrupt();
        try {
            painter.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drawn) {
            synchronized (this) {
                out.print("\r" + " ".repeat(label.length() + WIDTH + 40) + "\r");
                out.flush();
            }
        }
    }
}
