package dev.dsv3viz.app.cli;

import dev.dsv3viz.app.Engine;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.verify.Quantity;
import dev.dsv3viz.model.verify.ReferenceCheck;
import dev.dsv3viz.model.verify.Tolerance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Compares the forward pass with a reference dump (the fixture format of docs/fixtures.md): one line per
 * quantity with its max error, the tolerance it was held to and that tolerance's rule.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare a checkpoint's forward pass with a reference dump (fixture format); exit 0 only on PASS.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", paramLabel = "DIR", required = true, description = "Checkpoint folder.")
    Path checkpoint;

    @Option(names = "--expected", paramLabel = "FILE", required = true, description = "expected.safetensors of the reference.")
    Path expected;

    @Option(names = "--mla", paramLabel = "naive|absorbed|both", defaultValue = "both",
            description = "Which MLA implementation to check (default: ${DEFAULT-VALUE}).")
    String mla;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Transformer model = Engine.load(checkpoint);
        List<MlaMode> modes = switch (mla.toLowerCase(Locale.ROOT)) {
            case "both" -> List.of(MlaMode.NAIVE, MlaMode.ABSORBED);
            default -> List.of(new ModelOptions.MlaModeConverter().convert(mla));
        };
        boolean pass = true;
        for (MlaMode mode : modes) {
            ReferenceCheck.Result result = ReferenceCheck.run(model, expected, mode);
            out.printf("MLA %s%n", mode.name().toLowerCase(Locale.ROOT));
            for (Quantity q : result.quantities()) {
                boolean count = q.tolerance().equals(Tolerance.EXACT);
                String error = count ? String.valueOf((long) q.error()) : String.format("%.3g", q.error());
                String limit = count ? "0" : String.format("%.1e", q.tolerance().limit());
                out.printf("  %-42s max error %-10s tolerance %-8s %-36s %s%n", q.name(), error, limit,
                        "(" + q.tolerance().rule() + ")", q.passed() ? "ok" : "FAIL");
            }
            if (!result.notCompared().isEmpty()) {
                out.printf("  not in the reference, not compared: %s%n", String.join(", ", result.notCompared()));
            }
            pass &= result.passed();
        }
        out.println(pass ? "PASS" : "FAIL");
        return pass ? 0 : 1;
    }
}
