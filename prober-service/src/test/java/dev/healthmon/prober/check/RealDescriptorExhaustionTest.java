package dev.healthmon.prober.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.healthmon.prober.it.SystemCommands;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A socket the kernel refuses for want of a descriptor (EMFILE), as Netty and Vert.x report it, is told apart as
 * the prober's own failure, never a target's: in a JVM of its own whose limit is low (prlimit), so that running
 * out harms nothing else.
 */
class RealDescriptorExhaustionTest {

    @Test
    void aSocketRefusedForWantOfADescriptorIsTheProbersFailure() throws Exception {
        assumeTrue(SystemCommands.works("prlimit", "--version"), "prlimit (util-linux) is not installed: skipped");
        try (ServerSocket server = new ServerSocket(0)) {
            Process child = new ProcessBuilder("prlimit", "--nofile=2048:2048",
                    ProcessHandle.current().info().command().orElse("java"), "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), DescriptorExhaustion.class.getName(),
                    Integer.toString(server.getLocalPort()))
                    .redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output).contains("Too many open files").contains("reason: NO_DESCRIPTOR");
        }
    }
}
