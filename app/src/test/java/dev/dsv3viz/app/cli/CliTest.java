package dev.dsv3viz.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    private static final Path FIXTURES = Path.of(System.getProperty("dsv3viz.fixtures", "../../shared/fixtures"));

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void verifyPassesOnAMatchingReference() {
        Result r = run("verify", "--checkpoint", FIXTURES.resolve("dsv3-tiny-a/checkpoint").toString(),
                "--expected", FIXTURES.resolve("dsv3-tiny-a/expected.safetensors").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("max error"));
        assertTrue(r.out().strip().endsWith("PASS"), r.out());
    }

    @Test
    void verifyFailsAgainstAnotherModelsReference() {
        Result r = run("verify", "--mla", "absorbed", "--checkpoint", FIXTURES.resolve("dsv3-tiny-a/checkpoint").toString(),
                "--expected", FIXTURES.resolve("dsv3-tiny-yarn/expected.safetensors").toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().strip().endsWith("FAIL"), r.out());
    }

    @Test
    void generateMatchesTheReferenceGreedyContinuation() {
        Result r = run("generate", "--checkpoint", FIXTURES.resolve("dsv3-tiny-a/checkpoint").toString(),
                "--ids", "1,2,3", "--tokens", "4", "--mla", "naive");
        assertEquals(0, r.exit(), r.err());
        assertEquals(7, r.out().strip().split(",").length, r.out());
        assertTrue(r.out().startsWith("1,2,3,"));
    }

    @Test
    void aBrokenCheckpointIsReportedInPlainWords(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 64}");
        Result r = run("generate", "--checkpoint", dir.toString(), "--ids", "1");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains("config.json"), r.err());
        assertTrue(r.err().contains("vocab_size"), r.err());
    }

    @Test
    void countPrintsTheExactDeepSeekV3FiguresAsJson() throws IOException {
        Result r = run("count", "--config", "deepseek-v3", "--json");
        assertEquals(0, r.exit(), r.err());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(671_026_419_200L, json.get("total").longValue());
        assertEquals(37_552_297_472L, json.get("activated").longValue());
        assertEquals(70_272, json.get("kv_mla_bytes_per_token").longValue());
        assertEquals(4_997_120, json.get("kv_mha_bytes_per_token").longValue());
        assertTrue(json.get("mtp_unique").longValue() > 11_500_000_000L);
        assertTrue(json.get("mtp_activated").longValue() > 0);
    }

    @Test
    void countReadsACheckpointFolderAndExplainsAnUnknownPreset() {
        Result ok = run("count", "--config", FIXTURES.resolve("dsv3-tiny-a/checkpoint").toString());
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
