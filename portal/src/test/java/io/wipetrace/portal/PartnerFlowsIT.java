package io.wipetrace.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The partner console's flows in both languages: the page after an action never contradicts it, and a receipt whose
 * answer was lost is recovered.
 */
class PartnerFlowsIT {

    private static TestSystem system;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        system = TestSystem.get();
        api = new Api(system);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "en"})
    void the_accepted_handover_is_gone_from_the_list_on_the_very_next_page(final String language) throws Exception {
        final Api.Collected device = api.collect();
        final String handoverId = api.offerToProcessor(device.deviceId(), "SEAL-" + UUID.randomUUID());
        api.awaitState(device.deviceId(), "IN_TRANSIT");
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("processor", "PARTNER"));
            browser.driver.get(system.url("/partner?lang=" + language + "&q=" + device.deviceId()));
            final WebElement offer = browser.driver.findElement(By.cssSelector("li[data-handover='" + handoverId + "']"));
            browser.clickAndLoad(offer.findElement(By.cssSelector("form.accept button")));

            // The page the accept redirected to, read at once: no waiting for the lists to catch up.
            assertThat(browser.driver.findElement(By.id("done")).getText()).contains(handoverId);
            assertThat(browser.driver.findElements(By.id("catching-up"))).isEmpty();
            assertThat(browser.driver.findElements(By.cssSelector("li[data-handover='" + handoverId + "']"))).isEmpty();
            browser.driver.get(system.url("/partner?q=" + device.deviceId()));
            assertThat(browser.driver.findElement(By.cssSelector("#custody tr[data-device='" + device.deviceId() + "']"))
                    .getText()).contains("en".equals(language) ? "Received" : "已签收");
            browser.screenshot("partner-accepted-next-page-" + language);
        }
    }

    @ParameterizedTest
    @CsvSource({"zh-CN,part", "en,part", "zh-CN,all", "en,all"})
    void a_collector_offers_a_bag_and_the_processor_accepts_part_or_all_of_it(final String language, final String how)
            throws Exception {
        final String bag = "BAG-" + UUID.randomUUID();
        final List<Api.Collected> collected = List.of(api.collect(bag), api.collect(bag), api.collect(bag));
        final List<String> devices = collected.stream().map(Api.Collected::deviceId).toList();
        for (final String device : devices) {
            api.awaitState(device, "COLLECTED");
        }
        final String done;
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("collector", "PARTNER"));
            browser.driver.get(system.url("/partner/handovers?lang=" + language));
            fill(browser, "bagId", bag);
            fill(browser, "toMspId", "ProcessorOrgMSP");
            fill(browser, "toSiteId", Api.PROCESSOR_SITE);
            fill(browser, "sealId", "SEAL-" + UUID.randomUUID());
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-handovers button[type=submit]")));
            done = browser.driver.findElement(By.id("done")).getText();
        }
        final String missing = "part".equals(how) ? devices.get(1) : null;
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("processor", "PARTNER"));
            browser.driver.get(system.url("/partner?lang=" + language));
            final WebElement offer = browser.driver.findElement(By.xpath(
                    "//li[@data-handover][.//code[contains(., '" + devices.get(0) + "')]]"));
            final String handoverId = offer.getAttribute("data-handover");
            assertThat(done).contains(handoverId);
            // Every device offered is listed, ticked as arrived; the seal box waits for the receiver to look.
            final List<WebElement> arrived = offer.findElements(By.cssSelector("form.accept input[name=arrived]"));
            assertThat(arrived).extracting(box -> box.getAttribute("value")).containsExactlyInAnyOrderElementsOf(devices);
            assertThat(arrived).allMatch(WebElement::isSelected);
            final WebElement seal = offer.findElement(By.cssSelector("form.accept input[name=sealIntact]"));
            assertThat(seal.isSelected()).isFalse();
            seal.click();
            if (missing != null) {
                offer.findElement(By.cssSelector("form.accept input[name=arrived][value='" + missing + "']")).click();
            }
            browser.clickAndLoad(offer.findElement(By.cssSelector("form.accept button")));

            // The page the accept redirected to, read at once: the handover, what the ledger recorded as accepted and
            // as missing; the handover no longer waits.
            assertThat(browser.driver.findElement(By.id("handover-result-heading")).getText()).contains(handoverId);
            assertThat(browser.driver.findElements(By.cssSelector("#accepted-devices li")))
                    .extracting(WebElement::getText)
                    .containsExactlyInAnyOrderElementsOf(devices.stream().filter(d -> !d.equals(missing)).toList());
            if (missing == null) {
                assertThat(browser.driver.findElements(By.id("missing-devices"))).isEmpty();
            } else {
                assertThat(browser.driver.findElements(By.cssSelector("#missing-devices li")))
                        .extracting(WebElement::getText).containsExactly(missing);
                assertThat(browser.driver.findElement(By.id("handover-result")).getText())
                        .contains("en".equals(language) ? "recorded on the ledger as missing" : "已在账本上登记为缺失");
            }
            assertThat(browser.driver.findElements(By.id("catching-up"))).isEmpty();
            assertThat(browser.driver.findElements(By.cssSelector("li[data-handover='" + handoverId + "']"))).isEmpty();
            browser.screenshot("partner-bag-accepted-" + how + "-" + language);
        }
        if (missing != null) {
            // The missing phone's owner reads the truth on the consumer page: missing, not wiped, who is accountable.
            try (Browser browser = Browser.desktop()) {
                browser.driver.get(system.url("/verify/" + collected.get(1).receiptCode() + "?lang=" + language));
                assertThat(browser.driver.findElement(By.id("device-state")).getAttribute("data-state"))
                        .isEqualTo("MISSING");
                assertThat(browser.driver.findElement(By.id("answer")).getAttribute("data-outcome"))
                        .isEqualTo("MISSING");
                assertThat(browser.driver.findElement(By.id("answer-text")).getText())
                        .contains("en".equals(language) ? "The phone is missing" : "手机下落不明");
                browser.screenshot("consumer-missing-" + language);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "en"})
    void a_handover_offered_from_the_form_waits_at_the_receiver_who_refuses_it(final String language) throws Exception {
        final Api.Collected device = api.collect();
        api.awaitState(device.deviceId(), "COLLECTED");
        final String done;
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("collector", "PARTNER"));
            browser.driver.get(system.url("/partner/handovers?lang=" + language));
            fill(browser, "deviceIds", device.deviceId());
            fill(browser, "toMspId", "ProcessorOrgMSP");
            fill(browser, "toSiteId", Api.PROCESSOR_SITE);
            fill(browser, "waybill", "SF" + UUID.randomUUID().toString().substring(0, 10));
            fill(browser, "sealId", "SEAL-" + UUID.randomUUID());
            // Sites are offered only of organisations that may receive, never the sender's own.
            assertThat(new Select(browser.driver.findElement(By.id("toSiteId"))).getOptions())
                    .extracting(option -> option.getAttribute("value")).doesNotContain(Api.COLLECTOR_SITE);
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-handovers button[type=submit]")));
            done = browser.driver.findElement(By.id("done")).getText();
            assertThat(done).contains("en".equals(language) ? "offered" : "已发出");
            browser.screenshot("partner-handover-offered-" + language);
        }
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("processor", "PARTNER"));
            browser.driver.get(system.url("/partner?lang=" + language));
            final WebElement offer = browser.driver.findElement(By.xpath(
                    "//li[@data-handover][.//code[contains(., '" + device.deviceId() + "')]]"));
            // The very next page of the receiver lists it (the offer waited for the read model), under its ID.
            assertThat(done).contains(offer.getAttribute("data-handover"));
            offer.findElement(By.cssSelector("form.reject input[name=reason]")).sendKeys("seal number differs");
            browser.clickAndLoad(offer.findElement(By.cssSelector("form.reject button")));
            assertThat(browser.driver.findElements(By.xpath(
                    "//li[@data-handover][.//code[contains(., '" + device.deviceId() + "')]]"))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "en"})
    void a_receipt_whose_answer_was_lost_is_recovered(final String language) throws Exception {
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("collector", "PARTNER"));
            browser.driver.get(system.url("/partner/collections?lang=" + language));
            final String consent = "CONSENT-" + UUID.randomUUID();
            fillCollection(browser, consent);
            final String key = browser.driver.findElement(By.name("idempotencyKey")).getAttribute("value");

            // The answer is lost: the form goes to the portal, which registers the device, but no page comes back.
            final Object status = browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const form = document.getElementById('form-collections');
                    fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form))})
                        .then(r => done(r.status), e => done(String(e)));""");
            assertThat(status).isEqualTo(200L);
            assertThat(browser.driver.findElements(By.id("receipt-code"))).isEmpty();

            // The clerk asks for it from the list of recent collections.
            browser.driver.get(system.url("/partner/collections/recent"));
            final WebElement row = browser.driver.findElement(By.cssSelector("#recent tr[data-key='" + key + "']"));
            assertThat(row.getText()).contains(consent);
            browser.clickAndLoad(row.findElement(By.cssSelector("form.recover button")));
            assertThat(browser.driver.findElements(By.id("error"))).as(() -> browser.driver.findElement(
                    By.tagName("main")).getText()).isEmpty();
            final String code = browser.driver.findElement(By.id("receipt-code")).getText();
            assertThat(code).matches("([0-9A-Z]{4}-){6}[0-9A-Z]{4}");
            assertThat(browser.driver.findElement(By.id("done")).getText())
                    .contains("en".equals(language) ? "Receipt recovered" : "回执已重新取回");
            browser.screenshot("partner-receipt-recovered-" + language);

            // Or submits the same form again (the same idempotency key): the same receipt, and no second device.
            browser.driver.navigate().back();
            browser.driver.navigate().back();
            browser.waiting(Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(
                    By.id("form-collections")));
            browser.driver.executeScript("document.querySelector('#form-collections [name=idempotencyKey]').value"
                    + " = arguments[0]", key);
            if (browser.driver.findElement(By.id("make")).getAttribute("value").isEmpty()) {
                fillCollection(browser, consent);
            }
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-collections button[type=submit]")));
            assertThat(browser.driver.findElement(By.id("receipt-code")).getText()).isEqualTo(code);

            browser.driver.get(system.url("/verify/" + code));
            assertThat(browser.driver.findElement(By.id("device-state")).getAttribute("data-state"))
                    .isEqualTo("COLLECTED");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "en"})
    void a_file_excel_saved_in_gbk_is_imported_and_its_results_open_in_excel(final String language) throws Exception {
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final StringBuilder csv = new StringBuilder();
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("collector", "PARTNER"));
            browser.driver.get(system.url("/partner/imports?lang=" + language));
            // The template: a header row to fill in, marked as UTF-8 for spreadsheet programs.
            final String template = (String) browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(document.getElementById('import-template').href).then(r => r.arrayBuffer())
                        .then(b => done(Array.from(new Uint8Array(b)).join(',')));""");
            assertThat(template).startsWith("239,187,191,");
            final String header = new String(bytes(template), StandardCharsets.UTF_8).substring(1).strip();
            assertThat(header).startsWith("make,model,");
            csv.append(header).append("\r\n");
            final int columns = header.split(",").length;
            for (int i = 1; i <= 2; i++) {
                final java.util.Map<String, String> row = java.util.Map.of("make", "华为", "model", "畅享 " + i,
                        "storageGb", "64", "channel", "STORE", "siteId", Api.COLLECTOR_SITE, "consentReference",
                        "TY-" + run + "-" + i, "consentScope", "全部用户数据", "consentMethod", "覆写",
                        "consentImpact", "数据无法恢复", "locked", "false");
                final java.util.List<String> cells = new java.util.ArrayList<>();
                for (final String column : header.split(",")) {
                    cells.add(row.getOrDefault(column, ""));
                }
                assertThat(cells).hasSize(columns);
                csv.append(String.join(",", cells)).append("\r\n");
            }
            final Path file = Files.createTempFile("excel-gbk-" + run, ".csv");
            Files.write(file, csv.toString().getBytes(java.nio.charset.Charset.forName("GBK")));

            browser.driver.findElement(By.id("file")).sendKeys(file.toString());
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-imports button[type=submit]")));
            browser.waiting(Duration.ofSeconds(120)).until(d -> "COMPLETED".equals(
                    d.findElement(By.id("import-job")).getAttribute("data-state"))
                    && "complete".equals(browser.driver.executeScript("return document.readyState")));
            assertThat(browser.driver.findElement(By.id("import-status")).getText()).isEqualTo("en".equals(language)
                    ? "Import finished: 2 of 2 rows recorded on the ledger, 0 not recorded."
                    : "导入完成：2 行已记录到账本，0 行未记录，共 2 行。");
            browser.screenshot("partner-import-gbk-" + language);

            final String results = (String) browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(document.getElementById('import-results').href).then(r => r.arrayBuffer())
                        .then(b => done(Array.from(new Uint8Array(b)).join(',')));""");
            assertThat(results).startsWith("239,187,191,");
            final String registered = new String(bytes(results), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains(",REGISTERED,")).findFirst().orElseThrow();
            final String code = registered.split(",")[4];
            api.awaitState(registered.split(",")[3], "COLLECTED");
            browser.driver.get(system.url("/verify/" + code));
            assertThat(browser.driver.findElement(By.id("device-state")).getAttribute("data-state"))
                    .isEqualTo("COLLECTED");
            assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("华为");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "en"})
    void each_field_error_names_the_field_in_the_readers_language(final String language) throws Exception {
        final boolean english = "en".equals(language);
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("collector", "PARTNER"));
            browser.driver.get(system.url("/partner/collections?lang=" + language));
            // The site is chosen from the registry's sites of the collector, not typed.
            final WebElement site = browser.driver.findElement(By.id("siteId"));
            assertThat(site.getTagName()).isEqualTo("select");
            assertThat(new Select(site).getOptions()).extracting(option -> option.getAttribute("value"))
                    .contains(Api.COLLECTOR_SITE).allMatch(value -> value.startsWith("SITE-COL-"));
            fillCollection(browser, "CONSENT-" + UUID.randomUUID());
            fill(browser, "bagId", "BAG WITH SPACES");
            fill(browser, "personal-imei", "12345");
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-collections button[type=submit]")));

            assertThat(browser.driver.findElement(By.id("error")).getText()).contains(english
                    ? "Fields to correct: " : "有问题的字段：").contains(english ? "Bag ID" : "袋号").contains("IMEI");
            assertThat(browser.driver.findElement(By.id("bagId")).getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.driver.findElement(By.id("personal-imei")).getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.driver.findElement(By.id("model")).getAttribute("aria-invalid")).isNull();
            browser.screenshot("partner-field-errors-" + language);

            // A collector is shown no form of a role it does not hold, and learns why before typing anything.
            assertThat(browser.driver.findElements(By.cssSelector("nav.subnav a[href$='/partner/dismantlings']")))
                    .isEmpty();
            browser.driver.get(system.url("/partner/dismantlings"));
            assertThat(browser.driver.findElements(By.id("form-dismantlings"))).isEmpty();
            assertThat(browser.driver.findElement(By.id("not-held")).getText())
                    .contains(english ? "does not hold" : "没有");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "en"})
    void a_processor_refurbishes_a_wiped_device_from_its_form(final String language) throws Exception {
        final boolean english = "en".equals(language);
        final Api.Collected device = wipedAtTheProcessor().device();
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("processor", "PARTNER"));
            browser.driver.get(system.url("/partner/refurbishments?lang=" + language));
            // A processor refurbishes; purging a consumer's data is the collector's.
            assertThat(browser.driver.findElements(By.cssSelector("nav.subnav a[href$='/partner/purges']"))).isEmpty();
            // The refurbishment's channel is where the device goes, not how a collection was handed in.
            assertThat(browser.driver.findElement(By.cssSelector("label[for=channel]")).getText())
                    .isEqualTo(english ? "Where it goes (such as RESALE or DONATION)" : "去向（如 RESALE 转售、DONATION 捐赠）");
            fill(browser, "deviceId", "not a device");
            fill(browser, "siteId", Api.PROCESSOR_SITE);
            fill(browser, "channel", "RESALE");
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-refurbishments button[type=submit]")));
            assertThat(browser.driver.findElement(By.id("error")).getText())
                    .contains(english ? "Fields to correct: Device ID" : "有问题的字段：设备编号");
            assertThat(browser.driver.findElement(By.id("deviceId")).getAttribute("aria-invalid")).isEqualTo("true");

            fill(browser, "deviceId", device.deviceId());
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-refurbishments button[type=submit]")));
            final String done = browser.driver.findElement(By.id("done")).getText();
            assertThat(done).contains(device.deviceId()).containsPattern("[0-9a-f]{64}").doesNotContain("null");
            browser.screenshot("partner-refurbished-" + language);
        }
        api.awaitState(device.deviceId(), "REFURBISHED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "en"})
    void a_processor_records_a_later_consent_and_returns_another_device_from_their_forms(final String language)
            throws Exception {
        final boolean english = "en".equals(language);
        final Api.Collected consenting = api.collectWithoutConsent();
        api.acceptAsProcessor(api.offerToProcessor(consenting.deviceId(), "SEAL-" + UUID.randomUUID()), true);
        final Api.Collected returning = api.collectWithoutConsent();
        api.acceptAsProcessor(api.offerToProcessor(returning.deviceId(), "SEAL-" + UUID.randomUUID()), true);
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("processor", "PARTNER"));
            browser.driver.get(system.url("/partner/consents?lang=" + language));
            assertThat(browser.driver.findElements(By.cssSelector("nav.subnav a[href$='/partner/returns']")))
                    .hasSize(1);
            fill(browser, "deviceId", consenting.deviceId());
            fill(browser, "siteId", Api.PROCESSOR_SITE);
            fill(browser, "reference", "consent by phone");
            fill(browser, "scope", "all user data");
            fill(browser, "method", "phone call, recorded");
            fill(browser, "impact", "data cannot be recovered");
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-consents button[type=submit]")));
            assertThat(browser.driver.findElement(By.id("error")).getText()).contains(english
                    ? "Fields to correct: Consent reference" : "有问题的字段：同意记录编号");
            assertThat(browser.driver.findElement(By.id("reference")).getAttribute("aria-invalid")).isEqualTo("true");
            fill(browser, "reference", "LATER-" + consenting.deviceId());
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-consents button[type=submit]")));
            assertThat(browser.driver.findElement(By.id("done")).getText()).contains(consenting.deviceId());

            browser.driver.get(system.url("/partner/returns?lang=" + language));
            fill(browser, "deviceId", returning.deviceId());
            fill(browser, "siteId", Api.PROCESSOR_SITE);
            fill(browser, "reason", "CONSENT_REFUSED");
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-returns button[type=submit]")));
            assertThat(browser.driver.findElement(By.id("done")).getText()).contains(returning.deviceId());
            browser.screenshot("partner-returned-" + language);
        }
        api.awaitState(returning.deviceId(), "RETURNED");
        // A smelter never holds a device before its erasure: neither form is offered to it.
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("smelter", "PARTNER"));
            browser.driver.get(system.url("/partner?lang=" + language));
            assertThat(browser.driver.findElements(By.cssSelector("nav.subnav a[href$='/partner/consents'],"
                    + " nav.subnav a[href$='/partner/returns']"))).isEmpty();
            browser.driver.get(system.url("/partner/returns"));
            assertThat(browser.driver.findElements(By.id("form-returns"))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "en"})
    void a_collector_corrects_its_collection_and_purges_the_consumers_data(final String language) throws Exception {
        final boolean english = "en".equals(language);
        final Api.Collected device = api.collect();
        api.awaitState(device.deviceId(), "COLLECTED");
        final String collectionEvent = api.get("regulator", "REGULATOR", "/api/v1/audit/devices/" + device.deviceId())
                .path("ledger").path(0).path("eventId").asText();
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("collector", "PARTNER"));
            browser.driver.get(system.url("/partner/corrections?lang=" + language));
            assertThat(browser.driver.findElements(By.cssSelector("nav.subnav a[href$='/partner/refurbishments']")))
                    .isEmpty();
            // Named in one language and left out in the other: the ledger looks in the named device's events, or
            // the gateway finds the device from its read model.
            if (english) {
                fill(browser, "deviceId", device.deviceId());
            }
            fill(browser, "eventId", collectionEvent);
            fill(browser, "reason", english ? "storage typed wrong" : "容量填错");
            // The ledger keeps whole numbers only: the page names the field before anything is sent.
            fill(browser, "correction", "{\"storageGb\": 12.5}");
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-corrections button[type=submit]")));
            assertThat(browser.driver.findElement(By.id("error")).getText())
                    .contains(english ? "Fields to correct: Corrected values" : "有问题的字段：更正后的数值");
            assertThat(browser.driver.findElement(By.id("correction")).getAttribute("aria-invalid")).isEqualTo("true");

            fill(browser, "correction", "{\"storageGb\": 64}");
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-corrections button[type=submit]")));
            assertThat(browser.driver.findElement(By.id("done")).getText()).contains(device.deviceId())
                    .containsPattern("[0-9a-f]{64}").doesNotContain("?").doesNotContain("null");
            browser.screenshot("partner-corrected-" + language);

            browser.driver.get(system.url("/partner/purges"));
            assertThat(browser.driver.findElement(By.id("purge-warning")).getText())
                    .contains(english ? "can no longer be read" : "无法再读取");
            fill(browser, "deviceId", device.deviceId());
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-purges button[type=submit]")));
            assertThat(browser.driver.findElement(By.id("done")).getText()).contains(device.deviceId())
                    .containsPattern("[0-9a-f]{64}");
            browser.screenshot("partner-purged-" + language);

            // Purged once: a second purge is refused in words, naming no code.
            fill(browser, "deviceId", device.deviceId());
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-purges button[type=submit]")));
            assertThat(browser.driver.findElement(By.id("error")).getText())
                    .contains(english ? "no personal data to delete" : "没有可删除的个人信息");
        }
        final com.fasterxml.jackson.databind.JsonNode ledger = api.get("regulator", "REGULATOR",
                "/api/v1/audit/devices/" + device.deviceId()).path("ledger");
        final java.util.List<String> types = new java.util.ArrayList<>();
        ledger.forEach(event -> types.add(event.path("type").asText()));
        assertThat(types).contains("CORRECTION", "PERSONAL_DATA_PURGED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "en"})
    void a_partner_opens_a_device_it_holds_or_held_from_the_custody_list(final String language) throws Exception {
        final boolean english = "en".equals(language);
        final Wiped wiped = wipedAtTheProcessor();
        final Api.Collected device = wiped.device();
        final String handoverId = wiped.handoverId();
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("processor", "PARTNER"));
            browser.driver.get(system.url("/partner?lang=" + language + "&q=" + device.deviceId()));
            // The filtered list exports as CSV for Excel: a byte-order mark, a header, the one device.
            final String csv = (String) browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(document.getElementById('custody-export').href).then(r => r.arrayBuffer())
                        .then(b => done(Array.from(new Uint8Array(b)).join(',')));""");
            assertThat(csv).startsWith("239,187,191,");
            assertThat(new String(bytes(csv), StandardCharsets.UTF_8).substring(1).lines())
                    .hasSize(2).last().asString().startsWith(device.deviceId() + ",WIPED,");
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector(
                    "#custody tr[data-device='" + device.deviceId() + "'] a")));

            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).contains(device.deviceId());
            final WebElement state = browser.driver.findElement(By.cssSelector("#summary [data-field=state]"));
            assertThat(state.getAttribute("data-state")).isEqualTo("WIPED");
            assertThat(state.getText()).contains(english ? "Wiped" : "已清除数据");
            assertThat(browser.driver.findElements(By.cssSelector("#history li")))
                    .extracting(step -> step.getAttribute("data-step"))
                    .containsExactly("COLLECTED", "HANDOVER_OFFERED", "HANDOVER_ACCEPTED", "ERASURE_RECORDED");
            assertThat(browser.driver.findElement(By.cssSelector("#history li[data-step=COLLECTED] h3")).getText())
                    .isEqualTo(english ? "Collected" : "回收");
            final WebElement handover = browser.driver.findElement(By.cssSelector(
                    "#custody-steps tr[data-handover='" + handoverId + "']"));
            assertThat(handover.getAttribute("data-status")).isEqualTo("ACCEPTED");
            assertThat(handover.getText()).contains(english ? "Accepted" : "已签收");
            assertThat(browser.driver.findElement(By.id("proof-bundle")).getAttribute("href"))
                    .endsWith("/partner/devices/" + device.deviceId() + "/proof-bundle");
            browser.screenshot("partner-device-" + language);

            // Verified erasure: the certificate is issued, a signed PDF.
            final String pdf = (String) browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(document.getElementById('certificate').href).then(r => r.arrayBuffer())
                        .then(b => done(new TextDecoder('latin1').decode(new Uint8Array(b).slice(0, 5))));""");
            assertThat(pdf).isEqualTo("%PDF-");
        }
        try (Browser browser = Browser.desktop()) {
            // The collector held it: its page is there, naming the processor as custodian.
            signIn(browser, api.key("collector", "PARTNER"));
            browser.driver.get(system.url("/partner/devices/" + device.deviceId() + "?lang=" + language));
            assertThat(browser.driver.findElement(By.cssSelector("#summary [data-field=custodian]"))
                    .getAttribute("data-msp")).isEqualTo("ProcessorOrgMSP");
        }
        try (Browser browser = Browser.desktop()) {
            // The smelter never held it: no such device, as for one that does not exist.
            signIn(browser, api.key("smelter", "PARTNER"));
            browser.driver.get(system.url("/partner/devices/" + device.deviceId() + "?lang=" + language));
            final String main = browser.driver.findElement(By.tagName("main")).getText();
            assertThat(main).contains(english ? "There is no device with this ID." : "没有这个编号的设备。")
                    .doesNotContain("Collector").doesNotContain("Processor").doesNotContain("WIPED");
            final Object status = browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(location.href).then(r => done(r.status));""");
            assertThat(status).isEqualTo(404L);
        }
    }

    /** A device handed from the collector to the processor, which accepted it and wiped it. */
    private record Wiped(Api.Collected device, String handoverId) {}

    private static Wiped wipedAtTheProcessor() throws Exception {
        final Api.Collected device = api.collect();
        final String handoverId = api.offerToProcessor(device.deviceId(), "SEAL-" + UUID.randomUUID());
        api.awaitState(device.deviceId(), "IN_TRANSIT");
        api.acceptAsProcessor(handoverId, true);
        api.erase(device.deviceId());
        api.awaitState(device.deviceId(), "WIPED");
        return new Wiped(device, handoverId);
    }

    private static byte[] bytes(final String commaSeparated) {
        final String[] parts = commaSeparated.split(",");
        final byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i]);
        }
        return out;
    }

    private static void signIn(final Browser browser, final String key) {
        browser.driver.get(system.url("/partner"));
        browser.driver.findElement(By.id("apiKey")).sendKeys(key);
        browser.clickAndLoad(browser.driver.findElement(By.cssSelector("form button[type=submit]")));
    }

    private static void fillCollection(final Browser browser, final String consent) {
        fill(browser, "make", "Honor");
        fill(browser, "model", "Magic 5");
        fill(browser, "storageGb", "256");
        fill(browser, "siteId", Api.COLLECTOR_SITE);
        fill(browser, "consent-reference", consent);
        fill(browser, "consent-scope", "all user data");
        fill(browser, "consent-method", "block erase");
        fill(browser, "consent-impact", "data cannot be recovered");
    }

    private static void fill(final Browser browser, final String id, final String value) {
        final WebElement input = browser.driver.findElement(By.id(id));
        if ("select".equals(input.getTagName())) {
            new Select(input).selectByValue(value);
            return;
        }
        input.clear();
        input.sendKeys(value);
    }
}
