package bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Spring Cloud Gateway with its defaults and one route (application.yml): a floor for the benchmark. */
@SpringBootApplication
public class MinimalGateway {
    public static void main(String[] args) {
        SpringApplication.run(MinimalGateway.class, args);
    }
}
