package dev.dsv3viz.app.cli;

import dev.dsv3viz.app.Engine;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.verify.Quantity;
import dev.dsv3viz.model.verify.ReferenceCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Compares the forward pass with a Hugging Face reference dump. */
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
        List<MlaMode> modes = switch (mla.toLowerCase(java.util.Locale.ROOT)) {
            case "both" -> List.of(MlaMode.NAIVE, MlaMode.ABSORBED);
            default -> List.of(new ModelOptions.MlaModeConverter().convert(mla));
        };
        boolean pass = true;
        for (MlaMode mode : modes) {
            out.printf("MLA %s%n", mode.name().toLowerCase(java.util.Locale.ROOT));
            for (Quantity q : ReferenceCheck.run(model, expected, mode)) {
                out.printf("  %-42s max error %-10.3g tolerance %-8.1g %s%n", q.name(), q.error(), q.tolerance(),
                        q.passed() ? "ok" : "FAIL");
                pass &= q.passed();
            }
        }
        out.println(pass ? "PASS" : "FAIL");
        return pass ? 0 : 1;
    }
}
