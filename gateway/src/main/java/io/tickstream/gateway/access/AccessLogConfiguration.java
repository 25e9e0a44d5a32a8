package io.tickstream.gateway.access;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.OutputStream;

/** The access log: lines to standard output, beside the application's own log. */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

    @Bean
    AccessLogWriter accessLogWriter(AccessLogProperties properties, MeterRegistry meters) {
        return new AccessLogWriter(properties, new StandardOutput(), meters);
    }

    @Bean
    AccessLogFilter accessLogFilter(AccessLogWriter writer) {
        return new AccessLogFilter(writer);
    }

    /** Whatever {@link System#out} is when a batch is written (tests capture it). */
    private static final class StandardOutput extends OutputStream {

        @Override
        public void write(int b) {
            System.out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.out.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            System.out.flush();
        }
    }
}
