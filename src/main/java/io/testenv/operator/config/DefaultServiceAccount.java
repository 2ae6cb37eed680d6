package io.testenv.operator.config;

import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The operator's {@code testenv.default-service-account}, read so that it fails closed: a setting that is present
 * but empty (a template's blank value, say) still makes impersonation mandatory, with an empty identity that no
 * environment can be applied as, instead of silently meaning "no impersonation".
 */
@ApplicationScoped
public class DefaultServiceAccount {

    public static final String PROPERTY = "testenv.default-service-account";

    private final Optional<String> name;

    public DefaultServiceAccount() {
        ConfigValue value =
                ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigValue(PROPERTY);
        String raw = value.getRawValue() != null ? value.getRawValue() : value.getValue();
        this.name = raw == null ? Optional.empty() : Optional.of(raw.trim());
    }

    /** The default ServiceAccount's name; empty when impersonation is not mandatory, "" when set but empty. */
    public Optional<String> name() {
        return name;
    }
}
