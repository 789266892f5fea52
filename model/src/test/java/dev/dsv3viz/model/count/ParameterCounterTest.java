package dev.dsv3viz.model.count;

import dev.dsv3viz.model.Fixtures;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.io.SafeTensorsFile;
import dev.dsv3viz.model.io.TensorInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParameterCounterTest {

    @ParameterizedTest
    @ValueSource(strings = {"dsv3-tiny-a", "dsv3-tiny-yarn"})
    void countsEveryElementOfTheCheckpointExceptTheMtpCopies(String fixture) {
        ModelConfig c = ConfigReader.read(Fixtures.checkpoint(fixture).resolve("config.json"));
        SafeTensorsFile f = SafeTensorsFile.open(Fixtures.checkpoint(fixture).resolve("model.safetensors"));
        long elements = 0;
        long copies = 0;
        for (TensorInfo t : f.tensors().values()) {
            boolean copy = t.name().endsWith(".embed_tokens.weight") && !t.name().startsWith("model.embed_tokens")
                    || t.name().endsWith("shared_head.head.weight");
            if (copy) {
                copies += t.elementCount();
            } else {
                elements += t.elementCount();
            }
        }
        ParameterCount count = ParameterCounter.count(c);
        assertEquals(elements, count.total() + count.mtpUnique());
        assertEquals(copies, count.mtpSharedPerModule() * c.numNextnPredictLayers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dsv3-tiny-a"})
    void oneTokenTouchesExactlyTheActivatedParameters(String fixture) {
        ModelConfig c = ConfigReader.read(Fixtures.checkpoint(fixture).resolve("config.json"));
        ParameterCount count = ParameterCounter.count(c);
        assertEquals(count.activated(), ParameterCounter.touched(c, new int[]{8, 8}));
        long expert = 3L * 64 * 24;
        // A prompt whose tokens used 20 and 32 distinct experts touched that many experts in full.
        assertEquals(count.activated() + expert * (12 + 24), ParameterCounter.touched(c, new int[]{20, 32}));
        assertEquals(count.total(), ParameterCounter.touched(c, new int[]{32, 32}));
        assertThrows(IllegalArgumentException.class, () -> ParameterCounter.touched(c, new int[]{8}));
    }
}
