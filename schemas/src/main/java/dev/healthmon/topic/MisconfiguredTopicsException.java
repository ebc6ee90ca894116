package dev.healthmon.topic;

/**
 * Topics exist, but not as the catalogue declares them (their partition counts): no retry helps, the configuration
 * or the topics must change.
 */
public class MisconfiguredTopicsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public MisconfiguredTopicsException(String message) {
        super(message);
    }
}
