package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.count.CacheDType;
import dev.dsv3viz.model.count.KvCacheCounter;
import dev.dsv3viz.model.count.ParameterCount;
import dev.dsv3viz.model.count.ParameterCounter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The shipped presets reproduce the published sizes of the real models, by the config's arithmetic alone. */
class PresetCountsTest {

    private static ParameterCount count(String preset) {
        return ParameterCounter.count(Presets.load(preset));
    }

    private static double billions(long n) {
        return n / 1e9;
    }

    @Test
    void deepSeekV3HasThePublishedTotalActivatedAndMtpSizes() {
        ParameterCount c = count("deepseek-v3");
        assertEquals(671_026_419_200L, c.total());
        assertEquals(37_552_297_472L, c.activated());
        assertEquals(11.6, billions(c.mtpUnique()), 0.05);
    }

    @Test
    void deepSeekV3CachesA71TimesSmallerLatent() {
        KvCacheCounter kv = KvCacheCounter.of(Presets.load("deepseek-v3"));
        assertEquals(576, kv.mlaPerTokenPerLayer());
        assertEquals(40_960, kv.mhaPerTokenPerLayer());
        assertEquals(70_272, kv.mlaBytesPerToken(CacheDType.BF16));
        assertEquals(4_997_120, kv.mhaBytesPerToken(CacheDType.BF16));
    }

    @Test
    void deepSeekV2MatchesItsPublished236BAnd21B() {
        ParameterCount c = count("deepseek-v2");
        assertEquals(235_741_434_880L, c.total());
        assertEquals(236, Math.round(billions(c.total())));
        assertEquals(21_375_800_320L, c.activated());
        assertEquals(21.4, billions(c.activated()), 0.05); // published as 21B
    }

    @Test
    void deepSeekV2LiteMatches15Point7BAndExplainsIts2Point4B() {
        ModelConfig config = Presets.load("deepseek-v2-lite");
        ParameterCount c = ParameterCounter.count(config);
        assertEquals(15_706_484_224L, c.total());
        assertEquals(15.7, billions(c.total()), 0.05);
        // The arithmetic with the embedding gives 2.66B; the published 2.4B leaves the embedding lookup out.
        assertEquals(2_661_150_208L, c.activated());
        long embedding = (long) config.vocabSize() * config.hiddenSize();
        assertEquals(2.4, billions(c.activated() - embedding), 0.06);
    }

    @Test
    void kimiK2IsTheV3ArchitectureAtOneTrillion() {
        ParameterCount c = count("kimi-k2");
        assertEquals(1_026_408_232_448L, c.total());
        assertEquals(32_861_500_928L, c.activated());
    }

    @Test
    void everyPresetReadsAsAConfig() {
        for (String name : Presets.ALL) {
            assertNotNull(Presets.load(name), name);
        }
    }
}
