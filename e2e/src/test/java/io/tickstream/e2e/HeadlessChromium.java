package io.tickstream.e2e;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The distribution's Chromium, headless, driven by its chromedriver ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}, or {@code TICKSTREAM_CHROMIUM_BIN} / {@code TICKSTREAM_CHROMEDRIVER_BIN}).
 */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static ChromeDriver start(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary("chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(binary("chromedriver", "/usr/bin/chromedriver"))).build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return browser;
    }

    /** Saves what the browser shows to {@code target/screenshots/<name>}. */
    static Path screenshot(ChromeDriver browser, String name) throws IOException {
        Path shot = Path.of("target/screenshots", name).toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        return shot;
    }

    private static String binary(String name, String fallback) {
        String fromEnv = System.getenv("TICKSTREAM_" + name.toUpperCase() + "_BIN");
        String path = fromEnv != null && !fromEnv.isBlank() ? fromEnv : fallback;
        if (!new File(path).canExecute()) {
            throw new IllegalStateException(name + " not found at " + path + ": install Debian's chromium and chromium-driver"
                    + " (apt-get install -y chromium chromium-driver; .ci/run does) or set TICKSTREAM_" + name.toUpperCase() + "_BIN");
        }
        return path;
    }
}
