package org.symple.server.it.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium page driven through Debian's chromedriver, with fake camera and microphone that need no
 * permission prompt. Where {@code chromium} or {@code chromedriver} is missing the calling test is skipped with a
 * message, except in CI ({@code CI=true}), where that fails it.
 */
public final class Browser implements AutoCloseable {

    private static final File CHROMIUM = new File(System.getProperty("symple.test.chromium", "/usr/bin/chromium"));
    private static final File CHROMEDRIVER = new File(System.getProperty("symple.test.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static {
        // Selenium's own logging would fill the test output with every command at INFO
        Logger.getLogger("org.openqa.selenium").setLevel(Level.WARNING);
    }

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Skips (locally) or fails (in CI) unless both Chromium and its driver are installed. */
    public static void requireChromium() {
        boolean present = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver) for the browser tests");
        }
        Assumptions.assumeTrue(present, "browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER
                + " is not installed (apt-get install chromium chromium-driver)");
    }

    public static Browser open() {
        requireChromium();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--autoplay-policy=no-user-gesture-required", "--no-first-run", "--window-size=1200,800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1200, 800));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    /** Sends HTTP Basic credentials with every request of this page (the admin view's login). */
    public Browser signedIn(String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + credentials)));
        return this;
    }

    public Browser go(String url) {
        driver.get(url);
        return this;
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The first element matching the selector, or null. */
    public WebElement find(String css) {
        List<WebElement> found = all(css);
        return found.isEmpty() ? null : found.get(0);
    }

    public String text(String css) {
        return readAgainIfReplaced(() -> {
            WebElement element = find(css);
            return element == null ? null : element.getText();
        });
    }

    /** An attribute of the first element matching the selector. */
    public String attribute(String css, String name) {
        return readAgainIfReplaced(() -> {
            WebElement element = find(css);
            return element == null ? null : element.getDomAttribute(name);
        });
    }

    /** Runs the read again (up to three times) when the page replaced the element between its lookup and the read. */
    private static String readAgainIfReplaced(Supplier<String> read) {
        for (int attempt = 1;; attempt++) {
            try {
                return read.get();
            } catch (StaleElementReferenceException replaced) {
                if (attempt == 3) {
                    throw replaced;
                }
            }
        }
    }

    /**
     * Waits for a condition on pages, up to 60 s; an element the page re-rendered between its lookup and its read
     * (stale) is looked up again at the next poll.
     */
    public static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreException(StaleElementReferenceException.class);
    }

    public void click(String css) {
        driver.findElement(By.cssSelector(css)).click();
    }

    public void type(String css, String text) {
        WebElement input = driver.findElement(By.cssSelector(css));
        input.clear();
        input.sendKeys(text);
    }

    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** Saves a PNG of the page under target/screenshots. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
