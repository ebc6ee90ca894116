package dev.healthmon.prober.check;

import dev.healthmon.prober.safety.SafeAddressResolver;
import dev.healthmon.schemas.DnsCheck;
import dev.healthmon.schemas.FailureKind;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs {@link DnsCheck}s with the resolver the other checks use (hosts file, then the configured name servers),
 * so that it sees what a probe of that name would connect to. Nothing is connected to, so the address policy does
 * not apply.
 */
public final class DnsChecker {

    private final Vertx vertx;
    private final SafeAddressResolver resolver;

    public DnsChecker(Vertx vertx, SafeAddressResolver resolver) {
        this.vertx = vertx;
        this.resolver = resolver;
    }

    public Future<CheckVerdict> check(DnsCheck check, long timeoutMs) {
        Attempt attempt = new Attempt(vertx, timeoutMs);
        resolver.resolveAll(check.getHostname())
                .onSuccess(addresses -> attempt.complete(judge(check, addresses)))
                .onFailure(attempt::fail);
        return attempt.verdict();
    }

    private static CheckVerdict judge(DnsCheck check, List<InetAddress> addresses) {
        String resolved = addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(","));
        Map<String, String> details = Map.of("resolvedAddresses", resolved);
        List<String> expected = check.getExpectedAddresses();
        if (expected.isEmpty() || addresses.stream().anyMatch(address -> expected.stream()
                .map(NetUtil::createByteArrayFromIpAddressString)
                .anyMatch(bytes -> bytes != null && Arrays.equals(bytes, address.getAddress())))) {
            return CheckVerdict.up(null, "resolved to " + resolved, details);
        }
        return CheckVerdict.down(FailureKind.DNS, null,
                "resolved to " + resolved + ", expected one of " + String.join(",", expected), details);
    }
}
