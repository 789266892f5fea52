package dev.dsv3viz.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dsv3viz.model.Fixtures;
import dev.dsv3viz.model.io.FixtureConverter;
import dev.dsv3viz.model.tokenizer.BpeTrainer;
import dev.dsv3viz.model.tokenizer.TokenizerJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    private static final String NO_MTP = "-no-mtp";
    private static final String KJV = "In the beginning God created the heaven and the earth.\n"
            + "And the earth was without form, and void; and darkness was upon the face of the deep.\n"
            + "And the Spirit of God moved upon the face of the waters.\n"
            + "And God said, Let there be light: and there was light.\n";

    /** The fixtures' copies without MTP modules, made by the model's test utility. */
    @TempDir
    static Path derived;

    private record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void deriveCopiesWithoutMtp() throws IOException {
        for (String name : List.of(Fixtures.TINY_A, Fixtures.TINY_YARN)) {
            FixtureConverter.withoutMtp(Fixtures.dir(name), derived.resolve(name + NO_MTP));
        }
    }

    private static Path dir(String fixture) {
        return fixture.endsWith(NO_MTP) ? derived.resolve(fixture) : Fixtures.dir(fixture);
    }

    private static Result run(String... args) {
        return run(Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), args);
    }

    private static Result run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = Cli.run(cl, args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** One line starting {@code error: }, exit 2, and nothing of a stack trace. */
    private static void assertOneErrorLine(Result r) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in"), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.TINY_A, Fixtures.TINY_YARN, Fixtures.TINY_A + NO_MTP, Fixtures.TINY_YARN + NO_MTP,
            Fixtures.TINY_A_BF16, Fixtures.TINY_YARN_FP8, Fixtures.TINY_V2})
    void verifyPassesInBothMlaModesOnEveryFixture(String fixture) {
        Result r = run("verify", "--mla", "both", "--checkpoint", dir(fixture).resolve("checkpoint").toString(),
                "--expected", dir(fixture).resolve("expected.safetensors").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("MLA naive") && r.out().contains("MLA absorbed"), r.out());
        assertTrue(r.out().contains("max error"));
        assertFalse(r.out().contains("not compared"), r.out());
        assertTrue(r.out().strip().endsWith("PASS"), r.out());
    }

    @Test
    void verifySaysWhichToleranceEachLineUsed() {
        Result r = run("verify", "--mla", "absorbed", "--checkpoint", Fixtures.checkpoint(Fixtures.TINY_V2).toString(),
                "--expected", Fixtures.expected(Fixtures.TINY_V2).toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> lines = r.out().lines().filter(l -> l.contains("max error")).toList();
        assertTrue(lines.stream().filter(l -> l.contains("logits") || l.contains("hidden."))
                .allMatch(l -> l.contains("tolerance 1.0e-04") && l.contains("(absolute)")), r.out());
        assertTrue(lines.stream().filter(l -> l.contains(".weights"))
                .allMatch(l -> l.contains("tolerance 1.6e-04") && l.contains("(1e-5 x routed_scaling_factor 16)")), r.out());
        assertTrue(lines.stream().filter(l -> l.contains("differing")).allMatch(l -> l.contains("tolerance 0") && l.contains("(exact)")), r.out());
        assertEquals(10, lines.size(), r.out());
    }

    @Test
    void verifyFailsAgainstAnotherModelsReference() {
        Result r = run("verify", "--mla", "absorbed", "--checkpoint", Fixtures.checkpoint(Fixtures.TINY_A).toString(),
                "--expected", Fixtures.expected(Fixtures.TINY_YARN).toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().strip().endsWith("FAIL"), r.out());
    }

    @Test
    void aMissingShardIsNamedWithTheIndexEntry(@TempDir Path copy) throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.checkpoint(Fixtures.TINY_YARN_FP8))) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().startsWith("model-00002")) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
        }
        Result r = run("verify", "--checkpoint", copy.toString(), "--expected", Fixtures.expected(Fixtures.TINY_YARN_FP8).toString());
        assertOneErrorLine(r);
        assertTrue(r.err().contains("model.safetensors.index.json: tensor \"model.layers."), r.err());
        assertTrue(r.err().contains("\"model-00002-of-00003.safetensors\", but that file does not exist"), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.TINY_A + NO_MTP, Fixtures.TINY_V2, Fixtures.TINY_A})
    void generateRunsWithAndWithoutMtp(String fixture) {
        Result r = run("generate", "--checkpoint", dir(fixture).resolve("checkpoint").toString(),
                "--ids", "1,2,3", "--tokens", "4", "--mla", "naive");
        assertEquals(0, r.exit(), r.err());
        assertEquals(7, r.out().strip().split(",").length, r.out());
        assertTrue(r.out().startsWith("1,2,3,"));
    }

    /** A model without MTP is evaluated by its main head alone; one with MTP reports every depth. */
    @Test
    void evaluateRunsWithAndWithoutMtp(@TempDir Path work) throws IOException {
        Path text = Files.writeString(work.resolve("text.txt"), KJV);
        for (String fixture : List.of(Fixtures.TINY_V2, Fixtures.TINY_A)) {
            Path ckpt = Files.createDirectories(work.resolve(fixture));
            try (Stream<Path> files = Files.list(dir(fixture).resolve("checkpoint"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, ckpt.resolve(f.getFileName()));
                }
            }
            // A byte-level vocabulary that fits the fixtures' 512 tokens.
            TokenizerJson.write(BpeTrainer.train(KJV.lines().toList(), 300, TrainTokenizerCommand.SPECIALS),
                    ckpt.resolve("tokenizer.json"));
            Result r = run("evaluate", "--checkpoint", ckpt.toString(), "--text", text.toString());
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("main head   cross-entropy"), r.out());
            long depths = r.out().lines().filter(l -> l.startsWith("MTP depth")).count();
            assertEquals(fixture.equals(Fixtures.TINY_V2) ? 0 : 2, depths, r.out());
            assertTrue(r.out().contains("layer 2 expert load"), r.out());
        }
    }

    @Test
    void benchRunsAModelWithoutMtp() throws IOException {
        Result r = run("bench", "--checkpoint", Fixtures.checkpoint(Fixtures.TINY_V2).toString(), "--tokens", "4");
        assertEquals(0, r.exit(), r.out() + r.err());
        var json = new ObjectMapper().readTree(r.out());
        assertEquals(0, json.get("mtp_modules").intValue());
        assertTrue(json.get("decode_ms_per_token").doubleValue() > 0);
    }

    @Test
    void aBrokenCheckpointIsReportedInPlainWords(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 64}");
        Result r = run("generate", "--checkpoint", dir.toString(), "--ids", "1");
        assertOneErrorLine(r);
        assertTrue(r.err().contains("config.json"), r.err());
        assertTrue(r.err().contains("vocab_size"), r.err());
    }

    @Test
    void aMissingFileIsOneErrorLine(@TempDir Path dir) {
        Result r = run("evaluate", "--text", dir.resolve("absent.txt").toString());
        assertOneErrorLine(r);
        assertEquals("error: " + dir.resolve("absent.txt") + " does not exist.", r.err().strip());
    }

    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        @CommandLine.Parameters
        String what;

        @Override
        public Integer call() {
            if (what.equals("memory")) {
                throw new OutOfMemoryError("Java heap space");
            }
            int[] none = new int[0];
            return none[Integer.parseInt(what)];
        }
    }

    /** A failure that is not the project's own message still ends as one line and exit 2, never a stack trace. */
    @Test
    void anyOtherFailureIsOneErrorLineWithExitTwo() {
        CommandLine cl = Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        cl.addSubcommand(new Failing());
        Result r = run(cl, "fail", "3");
        assertOneErrorLine(r);
        assertTrue(r.err().contains("internal error") && r.err().contains("ArrayIndexOutOfBoundsException"), r.err());
        Result oom = run(cl, "fail", "memory");
        assertOneErrorLine(oom);
        assertTrue(oom.err().contains("out of memory (Java heap space)"), oom.err());
    }

    @Test
    void countPrintsTheExactDeepSeekV3FiguresAsJson() throws IOException {
        Result r = run("count", "--config", "deepseek-v3", "--json");
        assertEquals(0, r.exit(), r.err());
        var json = new ObjectMapper().readTree(r.out());
        assertEquals(671_026_419_200L, json.get("total").longValue());
        assertEquals(37_552_297_472L, json.get("activated").longValue());
        assertEquals(70_272, json.get("kv_mla_bytes_per_token").longValue());
        assertEquals(4_997_120, json.get("kv_mha_bytes_per_token").longValue());
        assertTrue(json.get("mtp_unique").longValue() > 11_500_000_000L);
        assertTrue(json.get("mtp_activated").longValue() > 0);
    }

    @Test
    void countReadsACheckpointFolderAndExplainsAnUnknownPreset() {
        Result ok = run("count", "--config", Fixtures.checkpoint(Fixtures.TINY_A).toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("routed experts"), ok.out());
        Result bad = run("count", "--config", "deepseek-v9");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("no preset named \"deepseek-v9\""), bad.err());
    }

    @Test
    void anUnknownMlaModeIsAUsageError() {
        Result r = run("generate", "--mla", "sideways", "--ids", "1");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not an MLA mode"), r.err());
    }
}
