package dev.dsv3viz.model.fuzz;

import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.count.KvCacheCounter;
import dev.dsv3viz.model.count.ParameterCounter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Broken config.json files are refused with the project's error; accepted ones can be counted. */
class ConfigFuzzTest {
    private static final Path SAMPLE = Path.of(System.getProperty("dsv3viz.samples", "../sample-weights"), "tiny-v3");

    @Test
    void mutatedConfigsAreRefusedCleanly() throws Exception {
        byte[] valid = Files.readAllBytes(SAMPLE.resolve("config.json"));
        int refused = FuzzRunner.run("config", valid, 23, JsonMutator::mutate, input -> {
            ModelConfig c = ConfigReader.parse(new String(input, StandardCharsets.UTF_8));
            // A config that passes the checks must be safe to do arithmetic on.
            ParameterCounter.count(c);
            KvCacheCounter.of(c);
        });
        System.out.printf("fuzz config.json: %d cases, %d refused with a message, the rest valid%n", FuzzRunner.cases(), refused);
    }
}
