package dev.healthmon.prober.safety;

/** A target resolved to an address the {@link AddressPolicy} refuses. */
public final class AddressRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AddressRefusedException(String host, String reason) {
        super("refused to probe " + host + ": " + reason, null, false, false);
    }
}
