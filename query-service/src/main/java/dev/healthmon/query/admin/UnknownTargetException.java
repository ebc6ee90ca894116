package dev.healthmon.query.admin;

/** The target named by a request does not exist (as far as this instance's read model knows); the API answers 404. */
public class UnknownTargetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownTargetException(String id) {
        super("No target with id " + id);
    }
}
