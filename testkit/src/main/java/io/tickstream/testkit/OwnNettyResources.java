package io.tickstream.testkit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Add to a test's application sources when one JVM runs several service instances one after another
 * or side by side. By default every WebFlux application uses Reactor Netty's global event loops and
 * connection pools and disposes them when it stops; the next instance, a second instance, or a test
 * client created earlier can then be left on disposed loops, and their requests hang with every
 * thread idle. With this, each instance's server and clients run on resources of its own. One
 * instance per JVM, as deployed, never meets this.
 */
@Configuration(proxyBeanMethods = false)
public class OwnNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
