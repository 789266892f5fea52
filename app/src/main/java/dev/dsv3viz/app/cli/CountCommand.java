package dev.dsv3viz.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dsv3viz.app.Presets;
import dev.dsv3viz.model.config.ConfigReader;
import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.count.CacheDType;
import dev.dsv3viz.model.count.FlopCounter;
import dev.dsv3viz.model.count.KvCacheCounter;
import dev.dsv3viz.model.count.ParameterCount;
import dev.dsv3viz.model.count.ParameterCounter;
import dev.dsv3viz.model.count.ParameterPart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Parameter and KV-cache arithmetic for a config or a preset. */
@Command(name = "count", mixinStandardHelpOptions = true,
        description = "Count parameters (total and activated per token, term by term) and KV-cache sizes of a "
                + "config.json or a preset: deepseek-v3, deepseek-v2, deepseek-v2-lite, kimi-k2, tiny-v3.")
final class CountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "PATH|PRESET",
            description = "A config.json, a checkpoint folder, or a preset name.")
    String config;

    @Option(names = "--tokens", defaultValue = "4096", description = "Sequence length for the KV-cache sizes (default: ${DEFAULT-VALUE}).")
    long tokens;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        ModelConfig c = resolve(config);
        ParameterCount count = ParameterCounter.count(c);
        KvCacheCounter kv = KvCacheCounter.of(c);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("total", count.total());
            o.put("activated", count.activated());
            o.put("mtp_unique", count.mtpUnique());
            o.put("mtp_activated", count.mtpActivated());
            o.put("kv_mla_bytes_per_token", kv.mlaBytesPerToken(CacheDType.BF16));
            o.put("kv_mha_bytes_per_token", kv.mhaBytesPerToken(CacheDType.BF16));
            o.put("kv_mla_elements_per_token_per_layer", kv.mlaPerTokenPerLayer());
            o.put("kv_mha_elements_per_token_per_layer", kv.mhaPerTokenPerLayer());
            o.put("tokens", tokens);
            o.put("kv_mla_bytes", kv.mlaBytes(tokens, CacheDType.BF16));
            o.put("kv_mha_bytes", kv.mhaBytes(tokens, CacheDType.BF16));
            o.put("flops_per_token_activated", FlopCounter.activated(c, tokens));
            o.put("flops_per_token_dense", FlopCounter.dense(c, tokens));
            out.println(o);
            return 0;
        }
        out.printf("%-30s %-6s %18s %7s %20s %20s%n", "component", "layers", "per layer", "count", "total", "activated/token");
        for (ParameterPart p : count.parts()) {
            out.printf("%-30s %-6s %,18d %7d %,20d %,20d%n", p.component(), p.kind().name().toLowerCase(java.util.Locale.ROOT),
                    p.perLayer(), p.layers(), p.total(), p.activated());
        }
        out.printf("%nmain model: %,d parameters, %,d activated per token (%.1f%%)%n", count.total(), count.activated(),
                100.0 * count.activated() / count.total());
        if (count.mtpModules() > 0) {
            out.printf("MTP modules: %,d unique parameters, %,d activated per token with the shared embedding and head%n",
                    count.mtpUnique(), count.mtpActivated());
        }
        out.println("(activated counts the whole embedding matrix, as the model cards' arithmetic does; a token only reads"
                + " one row of it)");
        out.printf("%nKV cache per token per layer: MLA %,d values (kv_lora_rank + qk_rope_head_dim) vs %,d for multi-head"
                + " attention (heads x (qk_nope + qk_rope + v_head)): %.1fx smaller%n", kv.mlaPerTokenPerLayer(),
                kv.mhaPerTokenPerLayer(), kv.compression());
        for (CacheDType d : CacheDType.values()) {
            out.printf("  %-4s per token over %d layers: MLA %,d bytes, MHA %,d bytes; for %,d tokens: MLA %s, MHA %s%n",
                    d.name().toLowerCase(java.util.Locale.ROOT), kv.layers(), kv.mlaBytesPerToken(d), kv.mhaBytesPerToken(d),
                    tokens, si(kv.mlaBytes(tokens, d), "B"), si(kv.mhaBytes(tokens, d), "B"));
        }
        out.printf("%nforward FLOPs per token at context %,d: %s activated, %s if every expert ran%n", tokens,
                si(FlopCounter.activated(c, tokens), "FLOP"), si(FlopCounter.dense(c, tokens), "FLOP"));
        return 0;
    }

    private static ModelConfig resolve(String spec) {
        Path p = Path.of(spec);
        if (Files.isDirectory(p)) {
            return ConfigReader.read(p.resolve("config.json"));
        }
        if (Files.isRegularFile(p)) {
            return ConfigReader.read(p);
        }
        return Presets.load(spec);
    }

    /** A value with a decimal SI prefix, e.g. 287.83 MB. */
    private static String si(long value, String unit) {
        String[] prefixes = {"", "K", "M", "G", "T", "P"};
        double v = value;
        int p = 0;
        while (v >= 1000 && p < prefixes.length - 1) {
            v /= 1000;
            p++;
        }
        return String.format("%.2f %s%s", v, prefixes[p], unit);
    }
}
