package dev.healthmon.prober.check;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Run in a process of its own under a low descriptor limit: takes every descriptor left, then lets Vert.x connect,
 * and prints how the error it gets is classified. The plain JDK transport, not the prober's, so that the kernel's
 * own error comes back rather than the prober's budget refusing first.
 */
public final class DescriptorExhaustion {

    private DescriptorExhaustion() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        NetClient client = vertx.createNetClient();
        int port = Integer.parseInt(args[0]);
        // Once with descriptors to spare, so that what the failure needs is loaded and set up.
        await(client.connect(port, "127.0.0.1").transform(done -> Future.succeededFuture(done)));
        FailureClassifier.notCheckedReason(new IOException("warm-up"));
        List<FileChannel> taken = new ArrayList<>();
        try {
            while (true) {
                taken.add(FileChannel.open(Path.of("/dev/null")));
            }
        } catch (IOException exhausted) {
            // Every descriptor is taken.
        }
        Throwable error = await(client.connect(port, "127.0.0.1").transform(done ->
                Future.succeededFuture(done))).cause();
        for (FileChannel channel : taken) {
            channel.close();
        }
        System.out.println("error: " + error + ", caused by " + error.getCause());
        System.out.println("reason: " + FailureClassifier.notCheckedReason(error).map(Enum::name).orElse("none"));
        vertx.close();
        System.exit(0);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
