package io.tickstream.gateway.websocket;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.socket.server.WebSocketService;

/**
 * Registers {@link ProxiedWebSockets} and puts it around the gateway's {@link WebSocketService} (the one Spring
 * Cloud Gateway's WebSocket routing filter accepts client connections with).
 */
@Configuration(proxyBeanMethods = false)
class ProxiedWebSocketsConfiguration {

    @Bean
    ProxiedWebSockets proxiedWebSockets() {
        return new ProxiedWebSockets();
    }

    @Bean
    static BeanPostProcessor trackProxiedWebSockets(ObjectProvider<ProxiedWebSockets> sockets) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof WebSocketService service ? sockets.getObject().tracking(service) : bean;
            }
        };
    }
}
