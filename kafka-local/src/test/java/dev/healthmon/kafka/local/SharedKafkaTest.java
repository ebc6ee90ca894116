package dev.healthmon.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class SharedKafkaTest {

    @Test
    void isStartedOncePerJvm(@BootstrapServers String bootstrapServers) {
        assertThat(SharedKafka.bootstrapServers()).isEqualTo(bootstrapServers);
    }

    /** As Quarkus does for each test application: a class loader of its own with another copy of the classes. */
    @Test
    void isSharedWithCopiesOfItsClassInOtherClassLoaders(@BootstrapServers String bootstrapServers)
            throws Exception {
        try (URLClassLoader isolated = new URLClassLoader(classPath(), ClassLoader.getPlatformClassLoader())) {
            Class<?> copy = isolated.loadClass(SharedKafka.class.getName());

            assertThat(copy).isNotSameAs(SharedKafka.class);
            assertThat(copy.getMethod("bootstrapServers").invoke(null)).isEqualTo(bootstrapServers);
        }
    }

    private static URL[] classPath() throws MalformedURLException {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator, -1);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = Path.of(entries[i]).toUri().toURL();
        }
        return urls;
    }
}
