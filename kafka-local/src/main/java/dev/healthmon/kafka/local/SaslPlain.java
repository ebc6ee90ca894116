package dev.healthmon.kafka.local;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.plain.PlainLoginModule;

/**
 * Client authentication by SASL/PLAIN, without TLS: the one user a client listener accepts. For trying and testing
 * the services against a broker that requires authentication, as production clusters do; not a way to protect one
 * (PLAIN sends the password in clear without TLS).
 */
public record SaslPlain(String username, String password) {

    public SaslPlain {
        if (username.isEmpty() || !(username + password).matches("[^\"\\\\\\s]*")) {
            throw new IllegalArgumentException("A SASL/PLAIN user needs a name, and neither name nor password may "
                    + "hold quotes, backslashes or blanks");
        }
    }

    /** Reads {@code user:password}. */
    public static SaslPlain parse(String credentials) {
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("SASL/PLAIN credentials are user:password, not '" + credentials + "'");
        }
        return new SaslPlain(credentials.substring(0, colon), credentials.substring(colon + 1));
    }

    /** The settings a client logs in as this user with: the same for producers, consumers, admin and Streams. */
    public Map<String, Object> clientConfig() {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name,
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, PlainLoginModule.class.getName() + " required username=\"" + username
                        + "\" password=\"" + password + "\";");
    }

    /** The broker settings that make {@code listener} accept this user, and only it. */
    Map<String, Object> brokerConfig(String listener) {
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        return Map.of("sasl.enabled.mechanisms", "PLAIN",
                prefix + "sasl.enabled.mechanisms", "PLAIN",
                prefix + "plain." + SaslConfigs.SASL_JAAS_CONFIG, PlainLoginModule.class.getName()
                        + " required user_" + username + "=\"" + password + "\";");
    }
}
