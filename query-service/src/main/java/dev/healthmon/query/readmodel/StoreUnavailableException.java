package dev.healthmon.query.readmodel;

/**
 * A state store cannot be read right now: the Streams application is starting, restoring or rebalancing. The caller
 * should retry shortly; the API answers 503 with {@code Retry-After}.
 */
public class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String store, Throwable cause) {
        super("The store " + store + " is not available right now (the read model is starting or rebalancing)",
                cause);
    }

    /** Unavailable for a reason this service found itself, such as ownership in flux. */
    public StoreUnavailableException(String store, String reason) {
        super("The store " + store + " is not available right now: " + reason);
    }
}
