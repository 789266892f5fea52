package dev.dsv3viz.model.fuzz;

import dev.dsv3viz.model.ModelException;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a parser over seeded mutations of a valid input and holds it to the contract: each case either
 * succeeds or fails with the project's own error and a message, within a time limit, allocating no
 * more than a bound set by the input's size (so no untrusted number sizes an allocation). Cases: a few
 * hundred by default, {@code -Ddsv3viz.fuzz.cases=10000} for the nightly-size run.
 */
final class FuzzRunner {
    /** A parser under test, given the mutated bytes. */
    interface Target {
        void accept(byte[] input) throws Exception;
    }

    private static final long FIXED_ALLOWANCE = 64L << 20;
    private static final long SECONDS_PER_CASE = 5;

    private FuzzRunner() {
    }

    static int cases() {
        return Integer.getInteger("dsv3viz.fuzz.cases", 300);
    }

    /** Returns how many cases were refused (with a proper message) rather than accepted. */
    static int run(String name, byte[] valid, long seed, java.util.function.BiFunction<byte[], Random, byte[]> mutate,
                   Target target) throws InterruptedException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
        int refused = 0;
        try {
            for (int i = 0; i < cases(); i++) {
                long caseSeed = seed * 1_000_003L + i;
                byte[] input = mutate.apply(valid, new Random(caseSeed));
                long allowance = FIXED_ALLOWANCE + 32L * input.length;
                Future<long[]> result = worker.submit(() -> {
                    long id = Thread.currentThread().getId();
                    long before = threads.getThreadAllocatedBytes(id);
                    long refusedHere = 0;
                    try {
                        target.accept(input);
                    } catch (ModelException e) {
                        if (e.getMessage() == null || e.getMessage().isBlank()) {
                            throw new AssertionError("an error without a message", e);
                        }
                        refusedHere = 1;
                    }
                    return new long[]{threads.getThreadAllocatedBytes(id) - before, refusedHere};
                });
                long[] outcome;
                try {
                    outcome = result.get(SECONDS_PER_CASE, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    fail(name + " case " + i + " (seed " + caseSeed + ") took longer than " + SECONDS_PER_CASE + " s");
                    return refused;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    fail(name + " case " + i + " (seed " + caseSeed + ") failed with " + cause + " instead of a ModelException", cause);
                    return refused;
                }
                if (outcome[0] > allowance) {
                    fail(name + " case " + i + " (seed " + caseSeed + ") allocated " + outcome[0] + " bytes for an input of "
                            + input.length);
                }
                refused += (int) outcome[1];
            }
        } finally {
            worker.shutdownNow();
        }
        return refused;
    }
}
