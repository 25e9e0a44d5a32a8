package io.tickstream.e2e;

import io.tickstream.testkit.TestPostgres;
import io.tickstream.testkit.TestRedis;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Removes what a suite run wrote: its Redis keys (by prefix) and its PostgreSQL schema. */
final class SuiteCleanup {

    private SuiteCleanup() {
    }

    static void run(Suite suite) {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + suite.schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("e2e cleanup: could not drop schema " + suite.schema + ": " + e.getMessage());
        }
        // EVAL over a raw socket: the JVM is shutting down, no client library needed
        String script = "for _,k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 1";
        String pattern = "*" + suite.prefix + "*";
        try (Socket socket = new Socket(TestRedis.endpoint().host(), TestRedis.endpoint().port())) {
            OutputStream out = socket.getOutputStream();
            out.write(resp("EVAL", script, "0", pattern));
            out.flush();
            socket.getInputStream().read(new byte[64]);
        } catch (IOException e) {
            System.err.println("e2e cleanup: could not delete Redis keys " + pattern + ": " + e.getMessage());
        }
    }

    private static byte[] resp(String... parts) {
        StringBuilder command = new StringBuilder("*" + parts.length + "\r\n");
        for (String part : parts) {
            command.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
        }
        return command.toString().getBytes(StandardCharsets.UTF_8);
    }
}
