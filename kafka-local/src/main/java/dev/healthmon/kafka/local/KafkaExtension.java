package dev.healthmon.kafka.local;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Makes sure the {@link SharedKafka shared Kafka cluster} is up before the tests of a class run, and resolves
 * {@code @BootstrapServers String} parameters to its bootstrap servers.
 *
 * <pre>{@code
 * @ExtendWith(KafkaExtension.class)
 * class SomeIT {
 *     @Test
 *     void sends(@BootstrapServers String bootstrapServers) { ... }
 * }
 * }</pre>
 */
public final class KafkaExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        // Start here rather than in the first test, so that the start-up does not count against its timeout.
        SharedKafka.bootstrapServers();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.isAnnotated(BootstrapServers.class)
                && parameterContext.getParameter().getType() == String.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return SharedKafka.bootstrapServers();
    }
}
