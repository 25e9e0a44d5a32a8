package io.tickstream.security.admin;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Every reactive service that has this module on its class path requires admin credentials on
 * {@code /admin/**} ({@link AdminAccessFilter}, settings {@link AdminSecurityProperties}). An application
 * with a Spring Security filter chain of its own (the gateway) gets the {@link AdminCredentials} to use in
 * it, and no second filter.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(AdminSecurityProperties.class)
public class AdminSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AdminCredentials adminCredentials(AdminSecurityProperties properties) {
        return new AdminCredentials(properties);
    }

    @Bean
    @ConditionalOnMissingBean(type = "org.springframework.security.web.server.SecurityWebFilterChain")
    AdminAccessFilter adminAccessFilter(AdminCredentials credentials) {
        return new AdminAccessFilter(credentials);
    }
}
