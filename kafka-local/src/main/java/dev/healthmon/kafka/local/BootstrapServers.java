package dev.healthmon.kafka.local;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} parameter of a test method, lifecycle method or test constructor that {@link KafkaExtension}
 * fills with the bootstrap servers of the shared Kafka cluster.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface BootstrapServers {
}
