package dev.healthmon.prober.check;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.impl.transports.JDKTransport;
import io.vertx.core.net.impl.SocketAddressImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Vert.x's JDK (NIO) transport, except that a socket a check attempt connects belongs to that attempt from its
 * {@code connect} on: when the attempt ends (a verdict, an error or its deadline) the socket is closed, whatever it
 * is doing then, waiting for the server's SYN-ACK, in the TLS handshake, or reading. Vert.x hands a socket to its
 * caller only once it is connected (and, with TLS, once the handshake is done), so before that the caller cannot
 * close it; a connection to a host that never answers would otherwise stay in {@code SYN-SENT} until the kernel
 * gives up, about two minutes later, holding a descriptor all that time.
 *
 * <p>The attempt travels with the address it connects to: an {@link AttemptAddress} given to the Vert.x client
 * becomes, in {@link #convert}, the address the Netty channel is asked to connect to, and the channel, one of this
 * transport's, hands itself to that attempt then. Every socket it opens takes a place in the {@link SocketBudget}
 * until it is closed; beyond the budget none is opened.
 */
final class ProbeTransport extends JDKTransport {

    private final SocketBudget budget;

    ProbeTransport(SocketBudget budget) {
        this.budget = budget;
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
        return domainSocket ? super.channelFactory(true) : this::newChannel;
    }

    private Channel newChannel() {
        if (!budget.tryOpen()) {
            throw new NotCheckedException(NotCheckedReason.NO_DESCRIPTOR, "the probes' sockets take all "
                    + budget.size() + " descriptors the prober's limit leaves them");
        }
        try {
            return new AttemptChannel(budget);
        } catch (RuntimeException e) {
            budget.closed();
            throw e;
        }
    }

    @Override
    public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
        if (address instanceof AttemptAddress server) {
            return new AttemptSocketAddress(server.ipAddress(), server.port(), server.attempt);
        }
        return super.convert(address);
    }

    /** The server of one check attempt, as the Vert.x clients take it. */
    static final class AttemptAddress extends SocketAddressImpl {

        private final transient Attempt attempt;

        AttemptAddress(InetAddress address, int port, Attempt attempt) {
            super(port, address.getHostAddress());
            this.attempt = attempt;
        }
    }

    /** The same, as the Netty channel is asked to connect to it. */
    private static final class AttemptSocketAddress extends InetSocketAddress {

        private static final long serialVersionUID = 1L;
        private final transient Attempt attempt;

        AttemptSocketAddress(InetAddress address, int port, Attempt attempt) {
            super(address, port);
            this.attempt = attempt;
        }
    }

    /**
     * A socket channel that, asked to connect for an attempt, is closed when that attempt ends. Its descriptor
     * counts as held until it is really released: the JDK closes the descriptor of a socket registered with a
     * selector only when that selector next selects, after Netty has cancelled its key, so an event loop that
     * closes many sockets in one turn (a black hole's attempts time out together) holds their descriptors until
     * its next select. The release is therefore counted by a task scheduled when the key is cancelled, which the
     * event loop runs only after that select.
     */
    private static final class AttemptChannel extends NioSocketChannel {

        private final SocketBudget budget;
        private final AtomicBoolean releasing = new AtomicBoolean();
        private final Promise<Void> released = Promise.promise();

        AttemptChannel(SocketBudget budget) {
            this.budget = budget;
        }

        /** Closes the socket; the future completes once its descriptor is released. */
        // How closing ends does not matter: doClose and doDeregister count the release either way.
        @SuppressWarnings("FutureReturnValueIgnored")
        Future<Void> closeAndRelease() {
            close();
            return released.future();
        }

        @Override
        protected void doClose() throws Exception {
            try {
                super.doClose();
            } finally {
                // Never registered (it failed while being set up): the JDK released the descriptor at once.
                if (!isRegistered()) {
                    release();
                }
            }
        }

        // The scheduled release cannot fail; a loop that refuses to schedule it is handled below.
        @SuppressWarnings("FutureReturnValueIgnored")
        @Override
        protected void doDeregister() throws Exception {
            try {
                super.doDeregister();
            } finally {
                try {
                    // Tasks scheduled now run in the event loop's next turn, after the select that releases it.
                    eventLoop().schedule(this::release, 1, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException stopped) {
                    release();
                }
            }
        }

        private void release() {
            if (releasing.compareAndSet(false, true)) {
                budget.closed();
                released.complete();
            }
        }

        @Override
        public ChannelFuture connect(SocketAddress remoteAddress, ChannelPromise promise) {
            belongTo(remoteAddress);
            return super.connect(remoteAddress, promise);
        }

        @Override
        public ChannelFuture connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            belongTo(remoteAddress);
            return super.connect(remoteAddress, localAddress, promise);
        }

        private void belongTo(SocketAddress remoteAddress) {
            if (remoteAddress instanceof AttemptSocketAddress server) {
                server.attempt.own(this::closeAndRelease);
            }
        }
    }
}
