package dev.dsv3viz.model.config;

import dev.dsv3viz.model.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReaderTest {
    private static String fixtureJson(String name) throws IOException {
        return Files.readString(Fixtures.checkpoint(name).resolve("config.json"));
    }

    @Test
    void readsTheReleasedKeyFormat() throws IOException {
        ModelConfig c = ConfigReader.parse(fixtureJson("dsv3-tiny-a"));
        assertEquals(48, c.qLoraRank());
        assertEquals(32, c.nRoutedExperts());
        assertEquals(TopkMethod.NOAUX_TC, c.topkMethod());
        assertEquals(ScoringFunction.SIGMOID, c.scoringFunction());
        assertEquals(2.5, c.routedScalingFactor());
        assertTrue(c.ropeInterleave());
        assertNull(c.ropeScaling());
        assertFalse(c.isMoeLayer(0));
        assertTrue(c.isMoeLayer(1));
        assertEquals(40, c.latentCacheWidth());
    }

    @Test
    void yarnScalingGrowsTheSoftmaxScaleByMscaleSquared() throws IOException {
        ModelConfig c = ConfigReader.parse(fixtureJson("dsv3-tiny-yarn"));
        double m = 0.1 * Math.log(8) + 1;
        assertEquals(m * m / Math.sqrt(24), c.softmaxScale(), 1e-12);
        assertEquals(1.0, c.ropeScaling().attentionFactor(), 1e-12);
    }

    @Test
    void nullQLoraMeansADirectQueryProjection() throws IOException {
        ModelConfig c = ConfigReader.parse(fixtureJson("dsv3-tiny-a").replace("\"q_lora_rank\": 48", "\"q_lora_rank\": null"));
        assertFalse(c.hasQLora());
    }

    @Test
    void missingRequiredKeyIsNamed() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigReader.parse(fixtureJson("dsv3-tiny-a").replace("\"kv_lora_rank\": 32,", "")));
        assertEquals("kv_lora_rank", e.key());
        assertTrue(e.getMessage().contains("is missing"));
    }

    @Test
    void wrongKindOfValueIsNamed() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigReader.parse(fixtureJson("dsv3-tiny-a").replace("\"hidden_size\": 64", "\"hidden_size\": \"wide\"")));
        assertEquals("hidden_size", e.key());
    }

    @Test
    void unknownTopkMethodListsTheKnownOnes() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigReader.parse(fixtureJson("dsv3-tiny-a").replace("\"noaux_tc\"", "\"magic\"")));
        assertTrue(e.getMessage().contains("noaux_tc, greedy, group_limited_greedy"), e.getMessage());
    }

    @Test
    void oddRopeDimensionIsRefused() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigReader.parse(fixtureJson("dsv3-tiny-a").replace("\"qk_rope_head_dim\": 8", "\"qk_rope_head_dim\": 7")));
        assertEquals("qk_rope_head_dim", e.key());
    }

    @Test
    void groupsThatDoNotDivideTheExpertsAreRefused() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigReader.parse(fixtureJson("dsv3-tiny-a").replace("\"n_group\": 8", "\"n_group\": 5")));
        assertEquals("n_group", e.key());
    }

    @Test
    void unsupportedRopeScalingTypeIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse("{\"vocab_size\":8,\"hidden_size\":8,"
                + "\"num_hidden_layers\":1,\"intermediate_size\":8,\"num_attention_heads\":1,\"kv_lora_rank\":4,"
                + "\"qk_nope_head_dim\":4,\"qk_rope_head_dim\":4,\"v_head_dim\":4,\"rope_scaling\":{\"type\":\"linear\",\"factor\":2}}"));
        assertEquals("rope_scaling.type", e.key());
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThrows(ConfigException.class, () -> ConfigReader.parse("{\"vocab_size\": "));
    }
}
