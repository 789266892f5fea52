package dev.dsv3viz.model.fuzz;

import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.tokenizer.TokenizerJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** Broken tokenizer.json files are refused with the project's error; accepted ones encode and decode. */
class TokenizerFuzzTest {
    private static final Path SAMPLE = Path.of(System.getProperty("dsv3viz.samples", "../sample-weights"), "tiny-v3");

    @Test
    void mutatedTokenizersAreRefusedCleanly(@TempDir Path dir) throws Exception {
        byte[] valid = Files.readAllBytes(SAMPLE.resolve("tokenizer.json"));
        Path path = dir.resolve("tokenizer.json");
        int refused = FuzzRunner.run("tokenizer", valid, 37, JsonMutator::mutate, input -> {
            Files.write(path, input);
            Tokenizer t = TokenizerJson.read(path);
            int[] ids = t.encode("In the beginning God created the heaven and the earth. 起初，神创造天地。");
            t.decode(ids);
            for (int id : ids) {
                t.display(id);
            }
        });
        System.out.printf("fuzz tokenizer.json: %d cases, %d refused with a message, the rest valid%n", FuzzRunner.cases(), refused);
    }
}
