package dev.healthmon.query.definition;

import java.util.List;

/** A request whose body or parameters have problems; the API answers 400 listing every one. */
public class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public InvalidRequestException(List<Problem> problems) {
        super(problems.size() + " problem(s): " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
