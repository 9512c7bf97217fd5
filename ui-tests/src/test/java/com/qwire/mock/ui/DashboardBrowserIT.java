package com.qwire.mock.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.qwire.mock.app.Platform;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser on the real platform (MariaDB, loopback HTTP): find an order, read its
 * failed attempts and dead letters, redeliver one, edit scenarios, drive a manual clock, give the admin
 * token. Every page is photographed under target/screenshots (the test report links them).
 */
class DashboardBrowserIT {
    private static Browser browser;

    @BeforeAll
    static void openBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        browser.close();
    }

    /** A platform of its own (log folder too), with retries a few hundred milliseconds apart and three attempts. */
    private static Platform platform(String name, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "QWIRE_LOG_DIR", Path.of(System.getProperty("QWIRE_LOG_DIR", "target/it-logs"), name).toString(),
                "QWIRE_PROCESSING_DELAY_MS", "100", "QWIRE_COMPLETION_DELAY_MS", "100",
                "QWIRE_CALLBACK_MAX_ATTEMPTS", "3", "QWIRE_CALLBACK_INITIAL_BACKOFF_MS", "200", "QWIRE_CALLBACK_MAX_BACKOFF_MS", "400"));
        settings.putAll(more);
        return TestPlatform.start(settings);
    }

    private static Locator eventOf(Page page, String status) {
        return page.locator("article.event[data-status='" + status + "']");
    }

    @Test
    void findAnOrderSeeItsFailedAttemptsAndDeadLettersThenRedeliverIt() {
        try (Platform platform = platform("flaky", Map.of())) {
            Api api = new Api(platform.orderPort());
            Page page = browser.page(1280, 900);
            UUID flaky = UUID.randomUUID();
            String crowd = "ui-crowd-" + flaky.toString().substring(0, 8);

            // The receiver turns flaky for this one order: every callback of it is answered 503.
            page.navigate(api.base() + "/ui/#/control");
            page.getByLabel("Action", new Page.GetByLabelOptions().setExact(true)).selectOption("FAIL");
            page.getByLabel("Order reference (optional)").fill(flaky.toString());
            page.getByLabel("Times", new Page.GetByLabelOptions().setExact(true)).fill("100");
            page.getByLabel("Status (FAIL)").fill("503");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add fault")).click();
            assertThat(page.locator("table[aria-label='Armed faults']")).containsText(flaky.toString());

            api.order(flaky, null, "ui-flaky");
            for (int i = 0; i < 6; i++) {
                api.order(UUID.randomUUID(), i % 2 == 0 ? "flaky-callback" : null, crowd);
            }

            // The database is shared with the other test suites: the list is narrowed to this test's customers.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Orders").setExact(true)).click();
            page.getByLabel("Customer id").fill(crowd);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
            assertThat(page.locator("table[aria-label='Orders'] tbody tr")).hasCount(6);
            assertThat(page.locator("table[aria-label='Orders'] tbody tr").filter(new Locator.FilterOptions().setHasText("flaky-callback")))
                    .hasCount(3);
            Browser.screenshot(page, "orders");
            page.getByLabel("Customer id").fill("");
            page.getByLabel("Reference", new Page.GetByLabelOptions().setExact(true)).fill(flaky.toString());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
            Locator row = page.locator("tr[data-reference='" + flaky + "']");
            assertThat(page.locator("table[aria-label='Orders'] tbody tr")).hasCount(1);
            assertThat(row).containsText("DEAD LETTER"); // the list follows the retries live until both events are dead
            row.getByRole(AriaRole.LINK).click();

            assertThat(page).hasURL(Pattern.compile("#/order/" + flaky));
            assertThat(eventOf(page, "DEAD_LETTER")).hasCount(2);
            Locator attempts = eventOf(page, "DEAD_LETTER").first().locator("table.attempts tbody tr");
            assertThat(attempts).hasCount(3);
            assertThat(attempts.locator("td:nth-child(3)")).hasText(new String[] {"503", "503", "503"});
            assertThat(attempts.last()).containsText("DEAD LETTER");
            assertThat(page.locator("svg.timeline circle.m-dead")).hasCount(2);
            assertThat(page.getByText("The callback server has received nothing for this order.")).isVisible();
            Browser.screenshot(page, "order-dead-letters");

            // The receiver recovers; the dead letter is redelivered by hand and arrives.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Control").setExact(true)).click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Clear all faults")).click();
            assertThat(page.getByText("No fault is armed")).isVisible();
            page.goBack();
            assertThat(eventOf(page, "DEAD_LETTER")).hasCount(2);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Redeliver event 1")).click();
            assertThat(eventOf(page, "DELIVERED")).hasCount(1);
            assertThat(eventOf(page, "DELIVERED").locator("table.attempts tbody tr").last()).containsText("(manual)");
            assertThat(page.locator("section[aria-labelledby='receiver-title']")).containsText("1 callback received");
            assertThat(page.locator("svg.timeline circle.m-received")).hasCount(1);
            Browser.screenshot(page, "order");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Deliveries").setExact(true)).click();
            page.getByLabel("Delivery status").selectOption("DEAD_LETTER");
            page.getByLabel("Order reference").fill(flaky.toString());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
            assertThat(page.locator("table[aria-label='Callback deliveries'] tbody tr")).hasCount(1);
            assertThat(page.locator("table[aria-label='Callback deliveries'] tbody tr")).containsText("→ COMPLETED");
            Browser.screenshot(page, "deliveries");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Live").setExact(true)).click();
            assertThat(page.locator("figure.chart-box")).hasCount(6);
            assertThat(page.locator("figure.chart-box polyline")).hasCount(6); // rates need two samples, 2 s apart
            assertThat(page.locator("figure.chart-box .reading").first()).containsText("/s");
            Browser.screenshot(page, "live");
        }
    }

    @Test
    void aScenarioWithAProblemIsShownAtItsLineAndAGoodOneIsSaved() {
        try (Platform platform = platform("scenarios", Map.of())) {
            Page page = browser.page(1280, 900);
            page.navigate(new Api(platform.orderPort()).base() + "/ui/#/scenarios");
            assertThat(page.locator("details.scenario[data-name='flaky-callback']")).isVisible();
            page.locator("details.scenario[data-name='flaky-callback'] summary").click();
            assertThat(page.locator("details.scenario[data-name='flaky-callback'] pre.yaml")).containsText("mode: TWICE");

            page.getByLabel("Name (lowercase letters, digits, dashes)").fill("ui-broken");
            page.getByLabel("Definition (YAML, specs/scenario-format.md)")
                    .fill("description: skips processing\nsteps:\n  - wait: { fixed: PT1S }\n    to: COMPLETED\n");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save scenario")).click();
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("Line 3, column 5: step 1 moves CREATED -> COMPLETED");
            assertThat(page.locator(".gutter mark")).hasText("3");
            Browser.screenshot(page, "scenarios");

            // A built-in, copied, edited and saved under a new name.
            page.locator("details.scenario[data-name='flaky-callback']").getByRole(AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Edit a copy")).click();
            page.getByLabel("Name (lowercase letters, digits, dashes)").fill("ui-flaky-copy");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save scenario")).click();
            assertThat(page.locator("#toast")).containsText("Saved scenario ui-flaky-copy");
            assertThat(page.locator("details.scenario[data-name='ui-flaky-copy']")).containsText("API");
        }
    }

    @Test
    void onAManualClockTheControlPageAdvancesTimeAndTheOrderMoves() {
        try (Platform platform = platform("manual-clock", Map.of("QWIRE_CLOCK", "manual"))) {
            Api api = new Api(platform.orderPort());
            UUID reference = api.order(UUID.randomUUID(), null, "ui-clock");
            Page page = browser.page(1280, 900);
            page.navigate(api.base() + "/ui/#/order/" + reference);
            assertThat(page.locator("dl.facts")).containsText("CREATED");
            assertThat(page.locator("dl.facts")).containsText("due"); // the next planned step waits for the clock
            assertThat(page.locator("#clock-badge")).containsText("Manual clock");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Control").setExact(true)).click();
            page.getByLabel("Advance by (ISO-8601 duration)").fill("PT1M");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Advance").setExact(true)).click();
            assertThat(page.locator("#toast")).containsText("transitions applied");
            Browser.screenshot(page, "control");

            page.goBack();
            assertThat(page.locator("dl.facts")).containsText("COMPLETED");
            assertThat(page.locator("dl.facts")).containsText("none planned");
            assertThat(eventOf(page, "DELIVERED")).hasCount(2);
            assertThat(page.locator("table.list").last()).containsText("PROCESSING_SUCCEEDED");
        }
    }

    @Test
    void theOrderPageWorksInANarrowWindowAndByKeyboard() {
        try (Platform platform = platform("narrow", Map.of())) {
            Api api = new Api(platform.orderPort());
            UUID reference = api.order(UUID.randomUUID(), null, "ui-narrow");
            Page page = browser.page(390, 844);
            page.navigate(api.base() + "/ui/#/order/" + reference);
            assertThat(eventOf(page, "DELIVERED")).hasCount(2);
            // Nothing sticks out sideways: wide parts (the timeline, tables) scroll inside their own box.
            Object overflowing = page.evaluate("[...document.querySelectorAll('main *')]"
                    + ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.scroll'))"
                    + ".map(e => e.tagName + '.' + e.className)");
            assertThat((List<?>) overflowing).as("elements wider than the window").isEmpty();
            assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")).isTrue();
            Browser.screenshot(page, "order-narrow");

            // Every control has a name a screen reader can say.
            for (String hash : List.of("orders", "order/" + reference, "deliveries", "scenarios", "control")) {
                page.navigate(api.base() + "/ui/#/" + hash);
                page.locator("main h1").waitFor();
                page.waitForLoadState();
                Object unlabelled = page.evaluate("[...document.querySelectorAll('main input, main select, main textarea, main button')]"
                        + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())"
                        + ".map(e => e.outerHTML)");
                assertThat((List<?>) unlabelled).as("unlabelled controls on #/" + hash).isEmpty();
            }

            // The keyboard reaches the skip link first, then the pages.
            page.navigate(api.base() + "/ui/#/orders");
            page.locator("main h1").waitFor();
            page.keyboard().press("Tab");
            assertThat(page.locator(".skip")).isFocused();
            page.keyboard().press("Tab");
            page.keyboard().press("Tab");
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Orders").setExact(true))).isFocused();
            page.keyboard().press("Tab");
            page.keyboard().press("Enter");
            assertThat(page).hasURL(Pattern.compile("#/deliveries$"));
        }
    }

    @Test
    void withAnAdminTokenTheDashboardAsksForItOnceAndSendsIt() {
        String token = "ui-test-token-" + UUID.randomUUID();
        try (Platform platform = platform("token", Map.of("QWIRE_ADMIN_TOKEN", token))) {
            Api api = new Api(platform.orderPort());
            UUID reference = api.order(UUID.randomUUID(), null, "ui-token");
            Page page = browser.page(1280, 900);
            page.navigate(api.base() + "/ui/#/orders");
            Locator dialog = page.locator("#token-dialog");
            assertThat(dialog).isVisible();
            page.getByLabel("Token", new Page.GetByLabelOptions().setExact(true)).fill("wrong-token-" + UUID.randomUUID());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Use this token")).click();
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("ADMIN_TOKEN_REQUIRED");

            page.reload();
            assertThat(dialog).isVisible();
            page.getByLabel("Token", new Page.GetByLabelOptions().setExact(true)).fill(token);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Use this token")).click();
            assertThat(page.locator("tr[data-reference='" + reference + "']")).isVisible();

            page.reload(); // asked once: the token is kept for the tab's session
            assertThat(page.locator("tr[data-reference='" + reference + "']")).isVisible();
            assertThat(dialog).not().isVisible();
        }
    }
}
