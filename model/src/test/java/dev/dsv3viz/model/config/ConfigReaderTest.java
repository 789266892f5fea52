package dev.dsv3viz.model.config;

import dev.dsv3viz.model.ConfigBuilder;
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
        ModelConfig c = ConfigReader.parse(fixtureJson(Fixtures.TINY_A));
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

    /** The test-side builder starts from exactly the fixture's model. */
    @Test
    void theTinyV3BuilderDescribesTheFixturesModel() throws IOException {
        assertEquals(ConfigReader.parse(fixtureJson(Fixtures.TINY_A)), ConfigBuilder.tinyV3().build());
        assertEquals(ConfigReader.parse(fixtureJson(Fixtures.TINY_YARN)),
                ConfigBuilder.tinyV3().maxPositionEmbeddings(512).yarn(8, 64, 1.0, 1.0).build());
    }

    @Test
    void yarnScalingGrowsTheSoftmaxScaleByMscaleSquared() throws IOException {
        ModelConfig c = ConfigReader.parse(fixtureJson(Fixtures.TINY_YARN));
        double m = 0.1 * Math.log(8) + 1;
        assertEquals(m * m / Math.sqrt(24), c.softmaxScale(), 1e-12);
        assertEquals(1.0, c.ropeScaling().attentionFactor(), 1e-12);
    }

    @Test
    void nullQLoraMeansADirectQueryProjection() {
        ModelConfig c = ConfigBuilder.tinyV3().qLoraRank(null).build();
        assertFalse(c.hasQLora());
    }

    @Test
    void missingRequiredKeyIsNamed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigBuilder.tinyV3().remove("kv_lora_rank").build());
        assertEquals("kv_lora_rank", e.key());
        assertTrue(e.getMessage().contains("is missing"));
    }

    @Test
    void wrongKindOfValueIsNamed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigBuilder.tinyV3().set("hidden_size", "\"wide\"").build());
        assertEquals("hidden_size", e.key());
    }

    @Test
    void unknownTopkMethodListsTheKnownOnes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigBuilder.tinyV3().topkMethod("magic").build());
        assertTrue(e.getMessage().contains("noaux_tc, greedy, group_limited_greedy"), e.getMessage());
    }

    @Test
    void oddRopeDimensionIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigBuilder.tinyV3().qkRopeHeadDim(7).build());
        assertEquals("qk_rope_head_dim", e.key());
    }

    @Test
    void groupsThatDoNotDivideTheExpertsAreRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigBuilder.tinyV3().nGroup(5).build());
        assertEquals("n_group", e.key());
    }

    @Test
    void unsupportedRopeScalingTypeIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigBuilder.tinyV3()
                .set("rope_scaling", "{\"type\": \"linear\", \"factor\": 2}").build());
        assertEquals("rope_scaling.type", e.key());
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThrows(ConfigException.class, () -> ConfigReader.parse("{\"vocab_size\": "));
    }
}
