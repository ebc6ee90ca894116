package dev.healthmon.system.fault;

import java.util.List;

/** Closing several things so that one that fails to close does not leave the others open, nor hide a test's failure. */
final class Closing {

    private Closing() {
    }

    /**
     * Closes each in order, every one of them whatever fails; then throws the first failure, the later ones suppressed
     * in it.
     */
    static void all(List<? extends AutoCloseable> resources) throws InterruptedException {
        Throwable first = null;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception | Error e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof InterruptedException interrupted) {
            throw interrupted;
        }
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (first instanceof Error error) {
            throw error;
        }
        if (first != null) {
            throw new IllegalStateException("Closing failed", first);
        }
    }

    /** Closes each of {@code resources} after {@code failure}, adding what closing them threw to it. */
    static void after(Throwable failure, List<? extends AutoCloseable> resources) {
        try {
            all(resources);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
    }
}
