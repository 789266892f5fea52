package dev.dsv3viz.app.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** check-layout's options: a wrong value is one error line and exit code 2, before any window opens. */
class CheckLayoutCommandTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--sizes|800x600|--sizes takes sizes like 1280x720 between 1024x640 and 7680x4320, not \"800x600\".",
            "--sizes|1280x720,big|--sizes takes sizes like 1280x720 between 1024x640 and 7680x4320, not \"big\".",
            "--sizes|1280x720,1280x720|--sizes names 1280x720 twice.",
            "--modes|window,slides|--modes takes window and presentation, not slides.",
            "--langs|fr|--langs takes en and zh, not \"fr\".",
            "--themes|sepia|--themes takes light, dark and high-contrast, not sepia.",
            "--prompts|0|--prompts takes token counts of 1 or more, not \"0\".",
            "--prompts|14,|--prompts takes token counts of 1 or more, not \"\"."})
    void aWrongValueIsOneErrorLineAndExitTwo(String option, String value, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)), "check-layout", option,
                value);
        assertEquals(2, exit, out + err.toString());
        assertEquals("error: " + message, err.toString().strip());
        assertTrue(out.toString().isEmpty(), out.toString());
    }
}
