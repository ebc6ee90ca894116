package dev.healthmon.prober.safety;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.AddressResolver;
import io.vertx.core.impl.VertxInternal;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves host names without blocking and applies the {@link AddressPolicy} to what they resolve to. Checks
 * connect to the address returned here, never to the name again, so a name that changes its answer between the
 * check and the connection (DNS rebinding) cannot reach a refused address.
 */
public final class SafeAddressResolver {

    private final VertxInternal vertx;
    private final AddressResolver resolver;
    private final AddressPolicy policy;

    public SafeAddressResolver(Vertx vertx, AddressPolicy policy) {
        // Vert.x's own resolver (internal API): non-blocking, reads /etc/hosts and resolv.conf as the HTTP client
        // does, and returns every address of a name, which the public DnsClient does not combine.
        this.vertx = (VertxInternal) vertx;
        this.resolver = this.vertx.addressResolver();
        this.policy = policy;
    }

    /** Every address {@code host} resolves to; fails with {@link UnknownHostException} when there is none. */
    public Future<List<InetAddress>> resolveAll(String host) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                return Future.succeededFuture(List.of(InetAddress.getByAddress(host, literal)));
            } catch (UnknownHostException e) {
                return Future.failedFuture(e);
            }
        }
        // RFC 6761 section 6.4: resolver libraries should answer names under .invalid negatively at once.
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("invalid") || lower.endsWith(".invalid") || lower.endsWith(".invalid.")) {
            return Future.failedFuture(new UnknownHostException(host + ": reserved name under .invalid"));
        }
        // Bound to the caller's context, so that what the caller does next (connecting, then installing its
        // handlers) happens on that context and no data is delivered before its handler is there.
        Promise<List<InetSocketAddress>> resolved = vertx.getOrCreateContext().promise();
        resolver.resolveHostnameAll(host, resolved);
        return resolved.future().compose(addresses -> addresses.isEmpty()
                ? Future.failedFuture(new UnknownHostException(host + ": no address"))
                : Future.succeededFuture(addresses.stream().map(InetSocketAddress::getAddress).toList()));
    }

    /**
     * The address to connect to for {@code host}: its first address, provided that none of its addresses is
     * refused (a name that mixes permitted and refused addresses is refused as a whole).
     */
    public Future<InetAddress> resolvePermitted(String host) {
        return resolveAll(host).compose(addresses -> {
            for (InetAddress address : addresses) {
                Optional<String> refusal = policy.refusal(address);
                if (refusal.isPresent()) {
                    return Future.failedFuture(new AddressRefusedException(host, refusal.get()));
                }
            }
            return Future.succeededFuture(addresses.get(0));
        });
    }
}
