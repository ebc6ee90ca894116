package dev.healthmon.query.routing;

import org.apache.kafka.streams.state.HostInfo;

/** Another instance did not answer within the forward timeout, or refused the connection. */
public class OwnerUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OwnerUnreachableException(HostInfo host, Throwable cause) {
        super("The instance " + host.host() + ":" + host.port() + " did not answer: " + cause, cause);
    }
}
