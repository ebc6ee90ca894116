package dev.healthmon.prober.check;

import static dev.healthmon.prober.check.TestServers.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.prober.safety.SafeAddressResolver;
import dev.healthmon.prober.safety.TestAddressPolicies;
import dev.healthmon.schemas.TcpCheck;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** An attempt's deadline, noticed by a prober too busy to keep time, blames nothing on the target. */
class AttemptDeadlineTest {

    @Test
    void aDeadlineNoticedAWholeTimeoutLateIsTheProbersOverloadNotATimeout() throws Exception {
        // One event loop, stalled (as by a starved CPU or a long pause) right after the check started on it.
        Vertx vertx = ProbeVertx.create(1, List.of(), new SocketBudget());
        try (BlackHole blackHole = new BlackHole()) {
            TcpChecker tcp = new TcpChecker(vertx, new SafeAddressResolver(vertx, TestAddressPolicies.defaults()), 64);
            Promise<CheckVerdict> verdict = Promise.promise();
            vertx.runOnContext(v -> {
                tcp.check(TcpCheck.newBuilder().setHost("127.0.0.1").setPort(blackHole.port()).build(), 100)
                        .onComplete(verdict);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(350));
            });
            Future<CheckVerdict> done = verdict.future();
            await(done.otherwiseEmpty());
            assertThat(done.cause()).isInstanceOfSatisfying(NotCheckedException.class, notChecked -> {
                assertThat(notChecked.reason()).isEqualTo(NotCheckedReason.OVERLOADED);
                assertThat(notChecked.getMessage()).startsWith("the deadline of a 100 ms attempt was noticed ");
            });
            await(tcp.close());
        } finally {
            await(vertx.close());
        }
    }
}
