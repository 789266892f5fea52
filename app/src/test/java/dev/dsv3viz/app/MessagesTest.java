package dev.dsv3viz.app;

import dev.dsv3viz.views.Messages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two languages say the same things: the same keys, each with the same arguments. */
class MessagesTest {
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

    @AfterEach
    void english() {
        Messages.use(Locale.ENGLISH);
    }

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/dev/dsv3viz/i18n/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Set<String> arguments(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = ARGUMENT.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void chineseHasEveryKeyWithTheSameArguments() throws IOException {
        Properties en = bundle("messages.properties");
        Properties zh = bundle("messages_zh.properties");
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(zh.stringPropertyNames()));
        for (String key : en.stringPropertyNames()) {
            assertEquals(arguments(en.getProperty(key)), arguments(zh.getProperty(key)), key);
        }
    }

    @Test
    void everyStepKindHasItsTextsInBothLanguages() {
        for (Locale locale : new Locale[]{Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE}) {
            Messages.use(locale);
            for (StepKind kind : StepKind.values()) {
                for (String part : new String[]{"title", "body", "formula", "shapes"}) {
                    Messages.get("step." + kind.key() + "." + part, (Object[]) new String[25]);
                }
                Messages.get("outline." + kind.key());
            }
        }
    }

    @Test
    void theRouterIsExplainedAsTheLoadedModelRoutes() {
        var v3 = Presets.load("deepseek-v3");
        var v2 = Presets.load("deepseek-v2");
        PassStep bias = new PassStep(StepKind.ROUTER_BIAS, 3, 0);
        assertTrue(Explanations.of(bias, v3, 1, 1).body().contains("pushed down"));
        assertTrue(Explanations.of(bias, v2, 1, 1).body().contains("without a load-balancing bias"));
        PassStep scores = new PassStep(StepKind.ROUTER_AFFINITIES, 3, 0);
        assertTrue(Explanations.of(scores, v3, 1, 1).formula().contains("sigmoid"));
        assertTrue(Explanations.of(scores, v2, 1, 1).formula().contains("softmax"));
        assertTrue(Explanations.of(new PassStep(StepKind.ROUTER_GROUPS, 3, 0), v2, 1, 1).body().contains("best expert"));
    }

    @Test
    void englishDoesNotFallBackToTheMachinesLanguage() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            Messages.use(Locale.ENGLISH);
            assertEquals("Run", Messages.get("action.run"));
            Messages.use(Locale.SIMPLIFIED_CHINESE);
            assertNotEquals("Run", Messages.get("action.run"));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aModelWithoutMtpModulesIsSaidToHaveNone() {
        Messages.use(Locale.ENGLISH);
        assertEquals("Loaded v2: 4 layers, 64 routed experts, no MTP modules.", Messages.get("status.loaded", "v2", 4, 64, 0));
        assertEquals("Loaded v3: 4 layers, 64 routed experts, one MTP module.", Messages.get("status.loaded", "v3", 4, 64, 1));
        assertEquals("Loaded v3: 4 layers, 64 routed experts, 2 MTP modules.", Messages.get("status.loaded", "v3", 4, 64, 2));
        Messages.use(Locale.SIMPLIFIED_CHINESE);
        assertTrue(Messages.get("status.loaded", "v2", 4, 64, 0).endsWith("\u6CA1\u6709 MTP \u6A21\u5757\u3002"));
        assertTrue(Messages.get("status.loaded", "v3", 4, 64, 2).endsWith("2 \u4E2A MTP \u6A21\u5757\u3002"));
    }
}
