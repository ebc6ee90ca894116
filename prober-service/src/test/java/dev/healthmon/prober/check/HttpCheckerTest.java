package dev.healthmon.prober.check;

import static dev.healthmon.prober.check.TestServers.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.address.DefaultDeniedAddresses;
import dev.healthmon.prober.safety.AddressPolicy;
import dev.healthmon.prober.safety.SafeAddressResolver;
import dev.healthmon.prober.safety.TestAddressPolicies;
import dev.healthmon.schemas.BodyAssertion;
import dev.healthmon.schemas.BodyAssertionKind;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.HttpHeader;
import dev.healthmon.schemas.HttpMethod;
import dev.healthmon.schemas.HttpVersion;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.StatusRange;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpCheckerTest {

    // Generous: the first TLS client loads the JDK trust store, which is slow on a busy machine.
    private static final long TIMEOUT_MS = 5_000;

    private static Vertx vertx;
    private static TestServers servers;
    private static HttpChecker checker;
    private static int port;
    private static int tlsPort;

    @BeforeAll
    static void startServers() {
        vertx = ProbeVertx.create(2, List.of(), new SocketBudget());
        servers = new TestServers(vertx);
        port = servers.http(new HttpServerOptions()).actualPort();
        SelfSignedCertificate certificate = SelfSignedCertificate.forLocalhost(Instant.now().minus(1, ChronoUnit.DAYS),
                Instant.now().plus(90, ChronoUnit.DAYS));
        HttpServer tls = servers.http(new HttpServerOptions().setSsl(true).setUseAlpn(true)
                .setKeyCertOptions(certificate.keyCertOptions()));
        tlsPort = tls.actualPort();
        checker = new HttpChecker(vertx, new SafeAddressResolver(vertx, TestAddressPolicies.defaults()), 64 * 1024);
    }

    @AfterAll
    static void stop() {
        await(checker.close());
        await(vertx.close());
    }

    private static HttpCheck.Builder get(String path) {
        return HttpCheck.newBuilder().setUrl("http://localhost:" + port + path);
    }

    private static CheckVerdict check(HttpCheck.Builder check) {
        return await(checker.check(check.build(), TIMEOUT_MS));
    }

    private static CheckVerdict check(HttpChecker with, HttpCheck.Builder check) {
        return await(with.check(check.build(), TIMEOUT_MS));
    }

    @Test
    void upWithStatusAndDetails() {
        CheckVerdict verdict = check(get("/ok"));
        assertThat(verdict.outcome()).isEqualTo(Outcome.UP);
        assertThat(verdict.statusCode()).isEqualTo(200);
        assertThat(verdict.details()).containsEntry("httpVersion", "HTTP/1.1").containsEntry("attempts", "1");
    }

    @Test
    void defaultExpectedStatusIs200To399() {
        assertThat(check(get("/status/204")).outcome()).isEqualTo(Outcome.UP);
        assertThat(check(get("/status/399")).outcome()).isEqualTo(Outcome.UP);
        CheckVerdict notFound = check(get("/status/404"));
        assertThat(notFound.failureKind()).isEqualTo(FailureKind.HTTP_STATUS);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.message()).isEqualTo("HTTP 404, expected 200-399");
        assertThat(check(get("/status/199")).failureKind()).isEqualTo(FailureKind.HTTP_STATUS);
    }

    @Test
    void expectedStatusRanges() {
        HttpCheck.Builder check = get("/status/503").setExpectedStatus(
                List.of(new StatusRange(200, 200), new StatusRange(500, 503)));
        assertThat(check(check).outcome()).isEqualTo(Outcome.UP);
        CheckVerdict ok = check(get("/ok").setExpectedStatus(List.of(new StatusRange(500, 599))));
        assertThat(ok.failureKind()).isEqualTo(FailureKind.HTTP_STATUS);
        assertThat(ok.message()).isEqualTo("HTTP 200, expected 500-599");
    }

    @Test
    void methodHeadersAndBodyAreSent() {
        CheckVerdict verdict = check(get("/echo").setMethod(HttpMethod.PUT).setBody("payload")
                .setHeaders(List.of(new HttpHeader("X-Plain", "visible", false)))
                .setBodyAssertion(new BodyAssertion(BodyAssertionKind.CONTAINS, "PUT payload", null)));
        assertThat(verdict.outcome()).isEqualTo(Outcome.UP);
        assertThat(servers.lastHeaders).containsEntry("/echo x-plain", "visible");
    }

    @Test
    void headRequestHasNoBody() {
        CheckVerdict verdict = check(get("/ok").setMethod(HttpMethod.HEAD));
        assertThat(verdict.outcome()).isEqualTo(Outcome.UP);
        assertThat(verdict.details()).containsEntry("bodyBytesRead", "0");
    }

    @Test
    void secretHeadersAreSentButNeverPublishedNorForwardedToAnotherHost() {
        HttpHeader secret = new HttpHeader("Authorization", "Bearer top-secret-token", true);
        HttpHeader plain = new HttpHeader("X-Trace", "trace-1", false);
        CheckVerdict verdict = check(get("/to-other-host/status/500").setHeaders(List.of(secret, plain)));
        assertThat(servers.lastHeaders).containsEntry("/to-other-host/status/500 authorization",
                "Bearer top-secret-token");
        // After the redirect to another host name, the plain header follows and the secret one does not.
        assertThat(servers.lastHeaders).containsEntry("/status/500 x-trace", "trace-1")
                .doesNotContainKey("/status/500 authorization");
        assertThat(verdict.failureKind()).isEqualTo(FailureKind.HTTP_STATUS);
        assertThat(verdict.toString()).doesNotContain("top-secret-token");
    }

    @Test
    void bodyAssertionContains() {
        assertThat(check(get("/ok").setBodyAssertion(
                new BodyAssertion(BodyAssertionKind.CONTAINS, "hello prober", null))).outcome()).isEqualTo(Outcome.UP);
        CheckVerdict mismatch = check(get("/ok").setBodyAssertion(
                new BodyAssertion(BodyAssertionKind.CONTAINS, "goodbye", null)));
        assertThat(mismatch.failureKind()).isEqualTo(FailureKind.BODY_MISMATCH);
        assertThat(mismatch.statusCode()).isEqualTo(200);
        assertThat(mismatch.message()).isEqualTo("body does not contain 'goodbye'");
    }

    @Test
    void bodyAssertionRegex() {
        assertThat(check(get("/ok").setBodyAssertion(
                new BodyAssertion(BodyAssertionKind.REGEX, "\"version\":\\d+", null))).outcome())
                .isEqualTo(Outcome.UP);
        assertThat(check(get("/ok").setBodyAssertion(
                new BodyAssertion(BodyAssertionKind.REGEX, "^\\{", null))).failureKind())
                .isEqualTo(FailureKind.BODY_MISMATCH);
        assertThat(check(get("/ok").setBodyAssertion(
                new BodyAssertion(BodyAssertionKind.REGEX, "(unclosed", null))).message())
                .isEqualTo("invalid regular expression '(unclosed'");
    }

    @Test
    void bodyAssertionJsonPath() {
        assertThat(checkJson("$.status", "ok").outcome()).isEqualTo(Outcome.UP);
        assertThat(checkJson("$.version", "3").outcome()).isEqualTo(Outcome.UP);
        assertThat(checkJson("$.items[*].name", "b").outcome()).isEqualTo(Outcome.UP);
        assertThat(checkJson("$.items[0]", null).outcome()).isEqualTo(Outcome.UP);
        CheckVerdict wrong = checkJson("$.status", "degraded");
        assertThat(wrong.failureKind()).isEqualTo(FailureKind.BODY_MISMATCH);
        assertThat(wrong.message()).isEqualTo("JSONPath $.status is 'ok', expected 'degraded'");
        assertThat(checkJson("$.missing", null).message()).isEqualTo("JSONPath $.missing not found in body");
        assertThat(checkJson("$.items[?(@.name == 'z')]", null).message())
                .isEqualTo("JSONPath $.items[?(@.name == 'z')] matches nothing");
        assertThat(check(get("/ok").setBodyAssertion(
                new BodyAssertion(BodyAssertionKind.JSON_PATH, "$.status", null))).failureKind())
                .isEqualTo(FailureKind.BODY_MISMATCH);
    }

    private static CheckVerdict checkJson(String path, String expected) {
        return check(get("/json").setBodyAssertion(new BodyAssertion(BodyAssertionKind.JSON_PATH, path, expected)));
    }

    @Test
    void slowResponse() {
        CheckVerdict slow = check(get("/slow").setMaxResponseTimeMs(100L));
        assertThat(slow.failureKind()).isEqualTo(FailureKind.SLOW_RESPONSE);
        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(slow.message()).contains("more than 100 ms");
        assertThat(check(get("/ok").setMaxResponseTimeMs(1_500L)).outcome()).isEqualTo(Outcome.UP);
    }

    @Test
    void stallingServerTimesOut() {
        CheckVerdict verdict = await(checker.check(get("/stall").build(), 300));
        assertThat(verdict.failureKind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(verdict.message()).startsWith("no answer within 300 ms while ");
    }

    @Test
    void connectionClosedWithoutResponseIsUnexpected() {
        assertThat(check(get("/close")).failureKind()).isEqualTo(FailureKind.UNEXPECTED_RESPONSE);
    }

    @Test
    void connectionRefused() {
        CheckVerdict verdict = check(HttpCheck.newBuilder().setUrl("http://127.0.0.1:" + TestServers.freePort() + "/"));
        assertThat(verdict.failureKind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(verdict.message()).containsIgnoringCase("refused");
    }

    @Test
    void unreachableNetwork() {
        // 2001:db8::/32 is reserved for documentation: no route leads there.
        // The network answers "no route" after about a second; the timeout leaves it ample room.
        CheckVerdict verdict = await(checker.check(HttpCheck.newBuilder().setUrl("http://[2001:db8::1]:80/").build(),
                15_000));
        assertThat(verdict.failureKind()).isEqualTo(FailureKind.UNREACHABLE);
    }

    @Test
    void unresolvableNameIsDns() {
        CheckVerdict verdict = check(HttpCheck.newBuilder().setUrl("http://no-such-host.invalid/"));
        assertThat(verdict.failureKind()).isEqualTo(FailureKind.DNS);
        assertThat(verdict.message()).contains("no-such-host.invalid");
    }

    @Test
    void invalidUrlIsOther() {
        assertThat(check(HttpCheck.newBuilder().setUrl("ftp://localhost/")).message())
                .isEqualTo("URL scheme must be http or https");
        assertThat(check(HttpCheck.newBuilder().setUrl("http://local host/")).failureKind())
                .isEqualTo(FailureKind.OTHER);
    }

    @Test
    void followsRedirectsOrReportsThem() {
        CheckVerdict followed = check(get("/redirect").setBodyAssertion(
                new BodyAssertion(BodyAssertionKind.CONTAINS, "hello", null)));
        assertThat(followed.outcome()).isEqualTo(Outcome.UP);
        assertThat(followed.details()).containsEntry("redirects", "1");
        CheckVerdict notFollowed = check(get("/redirect").setFollowRedirects(false)
                .setExpectedStatus(List.of(new StatusRange(200, 299))));
        assertThat(notFollowed.statusCode()).isEqualTo(302);
        assertThat(notFollowed.failureKind()).isEqualTo(FailureKind.HTTP_STATUS);
        assertThat(check(get("/redirect").setFollowRedirects(false)).outcome()).isEqualTo(Outcome.UP);
    }

    @Test
    void redirectsChangeMethodAsBrowsersDo() {
        assertThat(check(get("/redirect-post").setMethod(HttpMethod.POST).setBody("data").setBodyAssertion(
                new BodyAssertion(BodyAssertionKind.CONTAINS, "GET ", null))).outcome()).isEqualTo(Outcome.UP);
        assertThat(check(get("/redirect-keep").setMethod(HttpMethod.POST).setBody("data").setBodyAssertion(
                new BodyAssertion(BodyAssertionKind.CONTAINS, "POST data", null))).outcome()).isEqualTo(Outcome.UP);
    }

    @Test
    void redirectLoopIsUnexpected() {
        CheckVerdict verdict = check(get("/redirect-loop"));
        assertThat(verdict.failureKind()).isEqualTo(FailureKind.UNEXPECTED_RESPONSE);
        assertThat(verdict.message()).isEqualTo("more than " + HttpChecker.MAX_REDIRECTS + " redirects");
    }

    @Test
    void readsOnlyABoundedPrefixOfTheBody() {
        HttpChecker small = new HttpChecker(vertx, new SafeAddressResolver(vertx, TestAddressPolicies.defaults()),
                1024);
        try {
            CheckVerdict verdict = check(small, get("/big"));
            assertThat(verdict.outcome()).isEqualTo(Outcome.UP);
            assertThat(verdict.details()).containsEntry("bodyBytesRead", "1024").containsEntry("bodyTruncated", "true");
            // The needle lies beyond the limit, so it is not seen.
            assertThat(check(small, get("/big").setBodyAssertion(
                    new BodyAssertion(BodyAssertionKind.CONTAINS, "needle", null))).failureKind())
                    .isEqualTo(FailureKind.BODY_MISMATCH);
        } finally {
            await(small.close());
        }
    }

    @Test
    void retriesWithinOneRun() {
        // /flaky answers 503 twice, then 200.
        CheckVerdict recovered = check(get("/flaky").setRetries(2));
        assertThat(recovered.outcome()).isEqualTo(Outcome.UP);
        assertThat(recovered.details()).containsEntry("attempts", "3");
        CheckVerdict exhausted = check(get("/flaky").setRetries(1));
        assertThat(exhausted.failureKind()).isEqualTo(FailureKind.HTTP_STATUS);
        assertThat(exhausted.details()).containsEntry("attempts", "2");
    }

    @Test
    void freshConnectionPerRunUnlessReuseIsAsked() {
        int before = servers.connections.get();
        servers.lastHeaders.remove("/ok connection");
        check(get("/ok"));
        // The server is told the connection ends with this exchange, so it closes first and keeps the TIME_WAIT.
        assertThat(servers.lastHeaders).containsEntry("/ok connection", "close");
        check(get("/ok"));
        assertThat(servers.connections.get() - before).isEqualTo(2);
        servers.lastHeaders.remove("/ok connection");
        check(get("/ok").setReuseConnections(true));
        assertThat(servers.lastHeaders).doesNotContainEntry("/ok connection", "close");
        int afterFirstReuse = servers.connections.get();
        check(get("/ok").setReuseConnections(true));
        check(get("/ok").setReuseConnections(true));
        assertThat(servers.connections.get()).isEqualTo(afterFirstReuse);
    }

    @Test
    void http2CleartextAndOverTls() {
        servers.lastHeaders.remove("/ok connection");
        CheckVerdict cleartext = check(get("/ok").setHttpVersion(HttpVersion.HTTP_2));
        assertThat(cleartext.outcome()).isEqualTo(Outcome.UP);
        assertThat(cleartext.details()).containsEntry("httpVersion", "HTTP/2");
        // A connection-specific header makes an HTTP/2 request malformed.
        assertThat(servers.lastHeaders).doesNotContainKey("/ok connection");
        CheckVerdict tls = check(HttpCheck.newBuilder().setUrl("https://localhost:" + tlsPort + "/ok")
                .setVerifyTls(false).setHttpVersion(HttpVersion.HTTP_2));
        assertThat(tls.outcome()).isEqualTo(Outcome.UP);
        assertThat(tls.details()).containsEntry("httpVersion", "HTTP/2");
        CheckVerdict reused = check(get("/ok").setHttpVersion(HttpVersion.HTTP_2).setReuseConnections(true));
        assertThat(reused.details()).containsEntry("httpVersion", "HTTP/2");
    }

    @Test
    void httpsVerifiesTheCertificateUnlessTold() {
        HttpCheck.Builder https = HttpCheck.newBuilder().setUrl("https://localhost:" + tlsPort + "/ok");
        CheckVerdict verified = check(https.setVerifyTls(true));
        assertThat(verified.failureKind()).isEqualTo(FailureKind.TLS);
        assertThat(verified.message()).contains("PKIX path building failed");
        CheckVerdict unverified = check(https.setVerifyTls(false));
        assertThat(unverified.outcome()).isEqualTo(Outcome.UP);
        assertThat(check(https.setVerifyTls(false).setReuseConnections(true)).outcome()).isEqualTo(Outcome.UP);
    }

    @Test
    void plainHttpToATlsPortIsUnexpected() {
        CheckVerdict verdict = check(HttpCheck.newBuilder().setUrl("http://localhost:" + tlsPort + "/ok"));
        assertThat(verdict.outcome()).isEqualTo(Outcome.DOWN);
        assertThat(verdict.failureKind()).isIn(FailureKind.UNEXPECTED_RESPONSE, FailureKind.HTTP_STATUS);
    }

    @Test
    void refusesMetadataAddressesEvenAfterARedirect() {
        CheckVerdict direct = check(HttpCheck.newBuilder().setUrl("http://169.254.169.254/latest/meta-data/"));
        assertThat(direct.failureKind()).isEqualTo(FailureKind.OTHER);
        assertThat(direct.message()).isEqualTo(
                "refused to probe 169.254.169.254: address 169.254.169.254 is in the denied range 169.254.0.0/16");
        CheckVerdict redirected = check(get("/redirect-metadata"));
        assertThat(redirected.message()).contains("denied range 169.254.0.0/16");
        assertThat(redirected.failureKind()).isEqualTo(FailureKind.OTHER);
        assertThat(check(HttpCheck.newBuilder().setUrl("http://[fe80::1]/")).message())
                .contains("denied range fe80::/10");
    }

    @Test
    void configuredDenyAndAllowListsApplyToResolvedAddresses() {
        HttpChecker denyLoopback = new HttpChecker(vertx, new SafeAddressResolver(vertx,
                AddressPolicy.of(List.of(), List.of("127.0.0.0/8"))), 1024);
        HttpChecker allowOther = new HttpChecker(vertx, new SafeAddressResolver(vertx,
                AddressPolicy.of(List.of("10.0.0.0/8"), DefaultDeniedAddresses.ranges())), 1024);
        try {
            // "localhost" is refused for what it resolves to, not for its name.
            assertThat(check(denyLoopback, get("/ok")).message())
                    .isEqualTo("refused to probe localhost: address 127.0.0.1 is in the denied range 127.0.0.0/8");
            assertThat(check(allowOther, get("/ok")).message())
                    .contains("outside the allowed ranges [10.0.0.0/8]");
        } finally {
            await(denyLoopback.close());
            await(allowOther.close());
        }
    }
}
